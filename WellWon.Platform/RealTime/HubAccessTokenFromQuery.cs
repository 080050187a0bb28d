using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.RealTime;

/// <summary>
/// Lets the hub's requests carry the JWT as <c>access_token</c> in the query string, since browsers cannot set headers on a
/// WebSocket. Applies to every JwtBearer scheme whoever configures it, after them (post-configure), and keeps their own
/// <c>OnMessageReceived</c>: it runs first, and the query is read only when it found no token. Only the hub's path reads the
/// query, so tokens do not end up in the URLs (and logs) of ordinary API calls. A scheme that swaps its events through
/// <c>EventsType</c> replaces this chain and must read the query itself.
/// </summary>
internal sealed class HubAccessTokenFromQuery : IPostConfigureOptions<JwtBearerOptions>
{
    private const string QueryParameter = "access_token";

    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        options.Events ??= new JwtBearerEvents();
        var previous = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            if (previous is not null)
            {
                await previous(context);
            }

            if (context.Result is null
                && string.IsNullOrEmpty(context.Token)
                && context.HttpContext.Request.Path.StartsWithSegments(WellWonHub.Path)
                && context.Request.Query[QueryParameter] is [{ Length: > 0 } token])
            {
                context.Token = token;
            }
        };
    }
}
