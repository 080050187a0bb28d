using FluentValidation;
using Mediator;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.PurchaseOrders.ReadModel;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.PurchaseOrders.Features;

/// <summary>The JSON body of <c>PUT /api/finance/purchase-orders/settings</c>: null lets only admins approve.</summary>
public sealed record ApprovalSettingsRequest(Guid CompanyId, decimal? ManagerLimitRub);

/// <summary>A company's admin sets how much a manager may approve, in roubles at the central bank's rate of the day.</summary>
public sealed record SetApprovalLimit(Guid UserId, ApprovalSettingsRequest Settings) : ICommand<ApprovalSettings>, IRequireAuthenticatedUser;

public sealed class SetApprovalLimitValidator : AbstractValidator<SetApprovalLimit>
{
    public SetApprovalLimitValidator() => RuleFor(x => x.Settings.CompanyId).NotEmpty().OverridePropertyName("companyId");
}

public sealed class SetApprovalLimitHandler(IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock)
    : ICommandHandler<SetApprovalLimit, ApprovalSettings>
{
    public async ValueTask<ApprovalSettings> Handle(SetApprovalLimit command, CancellationToken cancellationToken)
    {
        var companyId = command.Settings.CompanyId;
        await access.RequireAsync(command.UserId, companyId, CompanyRole.Admin, cancellationToken);
        context.TenantId = companyId;
        var now = clock.GetUtcNow();
        var policy = await store.RetryOnConflictOrNewAsync(companyId, p => p.SetManagerLimit(command.Settings.ManagerLimitRub, command.UserId, now), cancellationToken);
        return new ApprovalSettings(companyId, policy.State.ManagerLimitRub, command.UserId, now);
    }
}

/// <summary>The company's approval limit (<c>GET /api/finance/purchase-orders/settings?companyId=</c>); participants only.</summary>
public sealed record GetApprovalSettings(Guid UserId, Guid? CompanyId) : IQuery<ApprovalSettings>, IRequireAuthenticatedUser;

public sealed class GetApprovalSettingsValidator : AbstractValidator<GetApprovalSettings>
{
    public GetApprovalSettingsValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company (companyId).");
}

public sealed class GetApprovalSettingsHandler(PurchaseOrderReader reader, ICompanyAccess access) : IQueryHandler<GetApprovalSettings, ApprovalSettings>
{
    public async ValueTask<ApprovalSettings> Handle(GetApprovalSettings query, CancellationToken cancellationToken)
    {
        await access.RequireAsync(query.UserId, query.CompanyId!.Value, CompanyRole.Viewer, cancellationToken);
        return await reader.SettingsAsync(query.CompanyId.Value, cancellationToken);
    }
}

internal static class PolicyStore
{
    /// <summary>The company's policy (a new one when it has none yet), changed and saved, decided again when another writer won.</summary>
    public static async Task<PurchaseOrderPolicy> RetryOnConflictOrNewAsync(this IAggregateStore store, Guid companyId, Action<PurchaseOrderPolicy> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var policy = await store.TryLoadAsync<PurchaseOrderPolicy>(companyId, ct) ?? PurchaseOrderPolicy.For(companyId);
            change(policy);
            try
            {
                await store.SaveAsync(policy, ct);
                return policy;
            }
            catch (Platform.EventStore.WrongExpectedVersionException) when (attempt < PurchaseOrderWrites.Attempts)
            {
            }
        }
    }
}
