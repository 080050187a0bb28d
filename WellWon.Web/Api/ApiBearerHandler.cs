using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WellWon.Web.Session;

namespace WellWon.Web.Api;

/// <summary>
/// Sends the signed-in user's access token with every call to the Api. The user is found in the running circuit, or else
/// in the current HTTP request; with nobody signed in the call goes out anonymously. When the session has ended (it cannot
/// be refreshed) the call is not sent: it is answered here with a 401 problem, which screens turn into a trip to sign-in.
/// </summary>
public sealed class ApiBearerHandler(CircuitServicesAccessor circuit, IHttpContextAccessor http) : DelegatingHandler
{
    public const string SessionEndedCode = "web.session-ended";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null
            && (circuit.Services ?? http.HttpContext?.RequestServices)?.GetService<IApiAccessToken>() is { } source)
        {
            var lookup = source is ApiAccessToken own
                ? await own.LookupAsync(cancellationToken)
                : await source.GetAsync(cancellationToken) is { } token ? AccessTokenLookup.Valid(token) : AccessTokenLookup.Anonymous;
            switch (lookup.State)
            {
                case AccessTokenState.Ended:
                    return SessionEnded(request);
                case AccessTokenState.Valid:
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", lookup.Token);
                    break;
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static HttpResponseMessage SessionEnded(HttpRequestMessage request) => new(HttpStatusCode.Unauthorized)
    {
        RequestMessage = request,
        Content = new StringContent(
            $$"""{"title":"Session ended","status":401,"code":"{{SessionEndedCode}}","detail":"Your session has ended. Please sign in again."}""",
            Encoding.UTF8, "application/problem+json"),
    };
}
