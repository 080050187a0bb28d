using FluentValidation;
using Mediator;
using WellWon.Finance.Invoices.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Invoices.Features;

/// <summary>The JSON body of <c>PUT /api/finance/invoices/settings</c>, and its answer.</summary>
public sealed record InvoiceSettings(Guid CompanyId, decimal QuantityPercent, decimal PricePercent, IReadOnlyList<CurrencyAmount>? PriceAbsolute);

/// <summary>A company's admin sets the match tolerances.</summary>
public sealed record SetInvoiceTolerances(Guid UserId, InvoiceSettings Settings) : ICommand<InvoiceSettings>, IRequireAuthenticatedUser;

public sealed class SetInvoiceTolerancesValidator : AbstractValidator<SetInvoiceTolerances>
{
    public SetInvoiceTolerancesValidator() => RuleFor(x => x.Settings.CompanyId).NotEmpty().OverridePropertyName("companyId");
}

public sealed class SetInvoiceTolerancesHandler(IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock)
    : ICommandHandler<SetInvoiceTolerances, InvoiceSettings>
{
    public async ValueTask<InvoiceSettings> Handle(SetInvoiceTolerances command, CancellationToken cancellationToken)
    {
        var s = command.Settings;
        await access.RequireAsync(command.UserId, s.CompanyId, CompanyRole.Admin, cancellationToken);
        context.TenantId = s.CompanyId;
        for (var attempt = 1; ; attempt++)
        {
            var policy = await store.TryLoadAsync<InvoiceMatchPolicy>(s.CompanyId, cancellationToken) ?? InvoiceMatchPolicy.For(s.CompanyId);
            policy.Set(new MatchTolerances(s.QuantityPercent, s.PricePercent, s.PriceAbsolute ?? []), command.UserId, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(policy, cancellationToken);
                var t = policy.State.Tolerances;
                return new InvoiceSettings(s.CompanyId, t.QuantityPercent, t.PricePercent, t.PriceAbsolute);
            }
            catch (WrongExpectedVersionException) when (attempt < InvoiceWrites.Attempts)
            {
            }
        }
    }
}

/// <summary>The company's match tolerances (the defaults until set); participants only.</summary>
public sealed record GetInvoiceTolerances(Guid UserId, Guid? CompanyId) : IQuery<InvoiceSettings>, IRequireAuthenticatedUser;

public sealed class GetInvoiceTolerancesValidator : AbstractValidator<GetInvoiceTolerances>
{
    public GetInvoiceTolerancesValidator() => RuleFor(x => x.CompanyId).NotEmpty().WithMessage("Name the company (companyId).");
}

// One small stream per company: read from the write side, the setting is never stale.
public sealed class GetInvoiceTolerancesHandler(IAggregateStore store, ICompanyAccess access) : IQueryHandler<GetInvoiceTolerances, InvoiceSettings>
{
    public async ValueTask<InvoiceSettings> Handle(GetInvoiceTolerances query, CancellationToken cancellationToken)
    {
        var companyId = query.CompanyId!.Value;
        await access.RequireAsync(query.UserId, companyId, CompanyRole.Viewer, cancellationToken);
        var t = (await store.TryLoadAsync<InvoiceMatchPolicy>(companyId, cancellationToken))?.State.Tolerances ?? MatchTolerances.Default;
        return new InvoiceSettings(companyId, t.QuantityPercent, t.PricePercent, t.PriceAbsolute);
    }
}
