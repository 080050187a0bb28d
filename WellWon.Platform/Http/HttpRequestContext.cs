using Microsoft.AspNetCore.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Platform.Http;

/// <summary>Fills a <see cref="RequestContext"/> from an HTTP request's headers and claims.</summary>
public static class HttpRequestContext
{
    public const string CorrelationIdHeader = "X-Correlation-Id";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The claim that names the company (tenant) a token acts for.</summary>
    public const string TenantClaim = "tenant_id";

    public static RequestContext Create(HttpContext? http)
    {
        var context = new RequestContext();
        if (http is null)
        {
            return context;
        }

        // A caller's correlation id is kept so one action is traceable across services; an unusable one is replaced.
        if (Guid.TryParse(http.Request.Headers[CorrelationIdHeader].ToString(), out var correlationId) && correlationId != Guid.Empty)
        {
            context.CorrelationId = correlationId;
        }

        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        context.IdempotencyKey = string.IsNullOrWhiteSpace(key) ? null : key.Trim();

        if (Guid.TryParse(http.User.FindFirst(TenantClaim)?.Value, out var tenantId))
        {
            context.TenantId = tenantId;
        }

        return context;
    }
}
