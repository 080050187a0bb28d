using WellWon.Customs.ExchangeRates;
using WellWon.Finance.PurchaseOrders;

namespace WellWon.Api;

/// <summary>Finance's official rates are the central bank's rates Customs keeps (a day nobody fetched yet is fetched on demand).</summary>
internal sealed class CustomsOfficialRates(CentralBankRates rates) : IOfficialRates
{
    public async Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct) =>
        await rates.OnAsync(day, ct) is { } found && found.RubPerUnit.TryGetValue(currency, out var rate) ? new OfficialRate(found.RatesDate, rate) : null;
}
