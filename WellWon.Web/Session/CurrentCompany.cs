using Microsoft.AspNetCore.Components.Authorization;
using WellWon.Web.Api;

namespace WellWon.Web.Session;

/// <summary>
/// The company the user is working in, chosen in the app bar's switcher and kept in the web session (so it survives
/// reloads); screens of tenant-scoped contexts read <see cref="Company"/> and listen to <see cref="Changed"/>.
/// </summary>
public sealed class CurrentCompany(CompaniesApi api, IWebSessionStore store, AuthenticationStateProvider authentication)
{
    private Task<ApiProblem?>? _loading;

    /// <summary>The companies the user participates in, as last loaded.</summary>
    public IReadOnlyList<MyCompany> Companies { get; private set; } = [];

    /// <summary>The selected company and the user's role in it; null when the user has none.</summary>
    public MyCompany? Company { get; private set; }

    public Guid? Id => Company?.Id;

    /// <summary>Raised when the selection or the list changes.</summary>
    public event Action? Changed;

    /// <summary>Loads the list once per circuit; later calls wait for the same load. Returns the Api's problem, if any.</summary>
    public Task<ApiProblem?> EnsureLoadedAsync(CancellationToken ct) => _loading ??= LoadAsync(ct);

    /// <summary>Reloads the list (after a company was created, joined or left), keeping the selection where it still applies.</summary>
    public Task<ApiProblem?> ReloadAsync(CancellationToken ct) => _loading = LoadAsync(ct);

    public async Task SelectAsync(Guid companyId, CancellationToken ct)
    {
        if (Companies.FirstOrDefault(c => c.Id == companyId) is not { } company || company.Id == Company?.Id)
        {
            return;
        }

        Company = company;
        if (await SessionIdAsync() is { } sessionId)
        {
            await store.SetCompanyAsync(sessionId, company.Id, ct);
        }

        Changed?.Invoke();
    }

    private async Task<ApiProblem?> LoadAsync(CancellationToken ct)
    {
        var mine = await api.ListMineAsync(ct);
        if (!mine.Succeeded)
        {
            return mine.Problem;
        }

        var sessionId = await SessionIdAsync();
        var remembered = Company?.Id ?? (sessionId is null ? null : await store.GetCompanyAsync(sessionId, ct));
        Companies = mine.Value!;
        Company = Companies.FirstOrDefault(c => c.Id == remembered) ?? (Companies.Count > 0 ? Companies[0] : null);
        Changed?.Invoke();
        return null;
    }

    private async Task<string?> SessionIdAsync() =>
        SessionClaims.SessionIdOf((await authentication.GetAuthenticationStateAsync()).User);
}
