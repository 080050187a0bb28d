namespace WellWon.Finance.PurchaseOrders;

/// <summary>The central bank's rate of a currency in force on a day (the rates date may be an earlier business day).</summary>
public sealed record OfficialRate(DateOnly RatesDate, decimal RubPerUnit);

/// <summary>
/// The central bank's official rates, in roubles per one unit. A port: the host wires it to the rates Customs keeps, so Finance
/// needs no reference to Customs; without it, approvals in foreign currencies are refused as having no rate.
/// </summary>
public interface IOfficialRates
{
    /// <summary>The rate of <paramref name="currency"/> on <paramref name="day"/>, or null when none can be had.</summary>
    Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct);
}

/// <summary>What a host without rates answers: none.</summary>
internal sealed class NoOfficialRates : IOfficialRates
{
    public Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct) => Task.FromResult<OfficialRate?>(null);
}
