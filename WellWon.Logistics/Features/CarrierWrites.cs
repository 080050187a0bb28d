using FluentValidation;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Logistics.Features;

/// <summary>The tracking part of a carrier's body: <c>{"enabled": true, "baseUrl": "https://…", "requestsPerMinute": 60}</c>.</summary>
public sealed record TrackingInput(bool? Enabled = null, string? BaseUrl = null, int? RequestsPerMinute = null)
{
    public CarrierTracking ToTracking() =>
        new(Enabled ?? false, string.IsNullOrWhiteSpace(BaseUrl) ? null : BaseUrl.Trim(), RequestsPerMinute ?? CarrierRules.DefaultRequestsPerMinute);
}

/// <summary>
/// How every carrier command writes: a built-in carrier is not editable (422), a carrier that does not exist or belongs to a company
/// the caller is not in is 404, a participant below manager is refused (403); the aggregate decides and the append is retried
/// when another writer won the race.
/// </summary>
public sealed class CarrierWrites(IAggregateStore store, ICompanyAccess access, RequestContext context, CarrierDirectory directory)
{
    public const int Attempts = 3;

    /// <param name="beforeSave">What must be stored outside the log before the events say it is (a carrier's sealed API key).</param>
    public async Task<Carrier> ChangeAsync(Guid carrierId, Guid userId, Action<Carrier> decide, CancellationToken ct, Func<Carrier, Task>? beforeSave = null)
    {
        if (directory.BuiltIn(carrierId) is { } builtIn)
        {
            throw new DomainException(CarrierErrors.BuiltIn, $"Carrier {builtIn.Code} is built into WellWon's configuration; it is not edited here.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var carrier = await store.TryLoadAsync<Carrier>(carrierId, ct);
            if (carrier is not { Exists: true })
            {
                throw CarrierErrors.CarrierNotFound(carrierId);
            }

            if (attempt == 1)
            {
                context.TenantId = carrier.State.CompanyId;
                await RequireAsync(access, userId, carrier.State.CompanyId, carrierId, CompanyRole.Manager, ct);
            }

            try
            {
                decide(carrier);
            }
            catch (ShipmentRuleException e)
            {
                throw RequestValidationException.For(e.Field, e.Code, e.Message);
            }

            if (beforeSave is not null && attempt == 1)
            {
                await beforeSave(carrier);
            }

            try
            {
                await store.SaveAsync(carrier, ct);
                return carrier;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>The caller's role in the carrier's company when at least <paramref name="atLeast"/>; outsiders are told the carrier does not exist.</summary>
    public static async ValueTask<CompanyRole> RequireAsync(ICompanyAccess access, Guid userId, Guid companyId, Guid carrierId, CompanyRole atLeast, CancellationToken ct)
    {
        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw CarrierErrors.CarrierNotFound(carrierId);
        return role >= atLeast ? role : throw CompanyAccessExtensions.RoleTooWeak(atLeast);
    }

    /// <summary>Every broken field of a carrier's body, for the validators (400 naming each field).</summary>
    public static void Report<T>(ValidationContext<T> context, string code, string? name, IReadOnlyList<string> modes, CarrierTracking tracking) =>
        ShipmentInputs.Report(context, CarrierRules.Check(code, name?.Trim(), modes, tracking));
}
