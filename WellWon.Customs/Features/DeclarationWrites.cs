using WellWon.Customs.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Customs.Features;

/// <summary>
/// How every declaration command writes: the stream is loaded (no stream and a company the caller is not in are the same 404),
/// the caller must be a member (or above) of the declaration's company (a viewer is refused, 403), that company becomes the
/// tenant of the events, the aggregate decides (a broken data rule is 400 naming its field), and the append is retried a few
/// times when another writer won the race — each retry reloads, so the rules see the winner's events.
/// </summary>
public sealed class DeclarationWrites(IAggregateStore store, ICompanyAccess access, RequestContext context)
{
    public const int Attempts = 3;

    public async Task<T> ChangeAsync<T>(Guid declarationId, Guid userId, Func<CustomsDeclaration, T> decide, CancellationToken ct) =>
        await ChangeAsync(declarationId, userId, d => Task.FromResult(decide(d)), ct);

    /// <summary>As <see cref="ChangeAsync{T}(Guid, Guid, Func{CustomsDeclaration, T}, CancellationToken)"/>, for decisions that first read reference data (the tariff).</summary>
    public Task<T> ChangeAsync<T>(Guid declarationId, Guid userId, Func<CustomsDeclaration, Task<T>> decide, CancellationToken ct) =>
        DecideAsync(declarationId, userId, decide, save: true, ct);

    /// <summary>What <paramref name="decide"/> would make of the declaration, answered with the same 404, 403 and 400 as a change, and not stored.</summary>
    public Task<T> PreviewAsync<T>(Guid declarationId, Guid userId, Func<CustomsDeclaration, Task<T>> decide, CancellationToken ct) =>
        DecideAsync(declarationId, userId, decide, save: false, ct);

    private async Task<T> DecideAsync<T>(Guid declarationId, Guid userId, Func<CustomsDeclaration, Task<T>> decide, bool save, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var declaration = await store.TryLoadAsync<CustomsDeclaration>(declarationId, ct);
            if (declaration is not { Exists: true })
            {
                throw CustomsErrors.DeclarationNotFound(declarationId);
            }

            if (attempt == 1)
            {
                context.TenantId = declaration.State.CompanyId;
                await RequireAsync(access, userId, declaration.State.CompanyId, declarationId, CompanyRole.Member, ct);
            }

            T result;
            try
            {
                result = await decide(declaration);
            }
            catch (CustomsRuleException e)
            {
                throw RequestValidationException.For(e.Field, e.Code, e.Message);
            }

            if (!save)
            {
                return result;
            }

            try
            {
                await store.SaveAsync(declaration, ct);
                return result;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>The caller's role in the declaration's company when it is at least <paramref name="atLeast"/>; an outsider is told the declaration does not exist (404).</summary>
    public static async ValueTask<CompanyRole> RequireAsync(ICompanyAccess access, Guid userId, Guid companyId, Guid declarationId, CompanyRole atLeast, CancellationToken ct)
    {
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw CustomsErrors.DeclarationNotFound(declarationId);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }
}
