using WellWon.Companies.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Features;

/// <summary>
/// How every company command writes: the company's id becomes the tenant of the events' metadata, the stream is loaded (a
/// missing one is the same 404 as a company the caller is not in), the aggregate decides, and the append is retried a few
/// times when another writer won the race — each retry reloads, so the rules see the winner's events.
/// </summary>
public sealed class CompanyWrites(IAggregateStore store, RequestContext context)
{
    public const int Attempts = 3;

    public async Task CreateAsync(Company company, CancellationToken ct)
    {
        context.TenantId = company.Id;
        await store.SaveAsync(company, ct);
    }

    public Task<T> ChangeAsync<T>(Guid companyId, Func<Company, T> decide, CancellationToken ct) =>
        ChangeAsync(companyId, decide, () => CompanyAccessExtensions.CompanyNotFound(companyId), ct);

    /// <param name="notFound">What a missing company is to this caller (an invitee is told the invitation does not exist).</param>
    public async Task<T> ChangeAsync<T>(Guid companyId, Func<Company, T> decide, Func<Exception> notFound, CancellationToken ct)
    {
        context.TenantId = companyId;
        for (var attempt = 1; ; attempt++)
        {
            var company = await store.TryLoadAsync<Company>(companyId, ct) ?? throw notFound();
            var result = decide(company);
            try
            {
                await store.SaveAsync(company, ct);
                return result;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }
}
