using WellWon.Web.Live;
using System.Collections.Concurrent;
using System.Security.Claims;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using WellWon.Web.Api;
using WellWon.Web.Session;

namespace WellWon.Web.Tests;

/// <summary>What a screen needs in a component test: MudBlazor, the typed clients over a <see cref="StubApi"/>, and a signed-in user.</summary>
public static class WebScreens
{
    public static BunitAuthorizationContext AddWebScreens(this BunitContext context, StubApi api, Guid? userId = null, params string[] roles)
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddSingleton(new AccountApi(api.Client()));
        context.Services.AddSingleton(new ProfileApi(api.Client()));
        context.Services.AddSingleton(new CompaniesApi(api.Client()));
        context.Services.AddSingleton(new ShipmentsApi(api.Client()));  // the layout's delay alerts read a late shipment
        context.Services.AddSingleton<IWebSessionStore, InMemoryWebSessionStore>();
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddScoped<SessionTokens>();
        context.Services.AddScoped<AccountSignIn>();
        context.Services.AddScoped<CurrentCompany>();
        context.Services.AddScoped<ApiProblemNotifier>();
        context.Services.AddSingleton<ILiveUpdates>(new FakeLive());  // the layout's reconnecting banner follows the hub

        var authorization = context.AddAuthorization();
        if (userId is { } id)
        {
            authorization.SetAuthorized("Ann Importer");
            authorization.SetRoles(roles);
            authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(SessionClaims.SessionId, "test-session"));
        }

        // As in a connected circuit, where action buttons are enabled. Last: it builds the service provider.
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return authorization;
    }
}

/// <summary>The session store of component tests, which never reach Redis (the store's own tests do).</summary>
public sealed class InMemoryWebSessionStore : IWebSessionStore
{
    private readonly ConcurrentDictionary<string, WebSession> _sessions = new();
    private readonly ConcurrentDictionary<string, Guid> _companies = new();

    public Task<WebSession?> GetAsync(string sessionId, CancellationToken ct) => Task.FromResult(_sessions.GetValueOrDefault(sessionId));

    public Task SaveAsync(WebSession session, CancellationToken ct)
    {
        _sessions[session.Id] = session;
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string sessionId, CancellationToken ct)
    {
        _sessions.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> LockAsync(string sessionId, CancellationToken ct) => Task.FromResult<IAsyncDisposable>(new Nothing());

    public Task<Guid?> GetCompanyAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult(_companies.TryGetValue(sessionId, out var id) ? id : (Guid?)null);

    public Task SetCompanyAsync(string sessionId, Guid? companyId, CancellationToken ct)
    {
        if (companyId is { } id)
        {
            _companies[sessionId] = id;
        }
        else
        {
            _companies.TryRemove(sessionId, out _);
        }

        return Task.CompletedTask;
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
