namespace WellWon.Finance.PurchaseOrders;

/// <summary>The central bank's rate of a currency in force on a day (the rates date may be an earlier business day).</summary>
public sealed record OfficialRate(DateOnly RatesDate, decimal RubPerUnit);

/// <summary>
/// The central bank's official rates, in roubles per one unit. A port: Finance wires it to the rates Customs keeps
/// (<see cref="CentralBankOfficialRates"/>); tests give their own.
/// </summary>
public interface IOfficialRates
{
    /// <summary>The rate of <paramref name="currency"/> on <paramref name="day"/>, or null when none can be had.</summary>
    Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct);
}
