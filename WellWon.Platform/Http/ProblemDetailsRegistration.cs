using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WellWon.Platform.Http;

public static class ProblemDetailsRegistration
{
    /// <summary>
    /// Every error answer is <c>application/problem+json</c> with <c>traceId</c> (so a user's report finds the trace),
    /// produced by <see cref="ProblemDetailsExceptionHandler"/>. Minimal APIs throw on a malformed request instead of
    /// answering an empty 400, so that answer is a problem too.
    /// </summary>
    public static IServiceCollection AddWellWonProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}";
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, ProblemDetailsExceptionHandler>());
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>The exception handler (first in the pipeline) and problem bodies for bare status codes (404 of routing, 401 of authentication).</summary>
    public static IApplicationBuilder UseWellWonProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
