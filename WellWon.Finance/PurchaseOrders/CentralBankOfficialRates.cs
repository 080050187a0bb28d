using WellWon.Customs.ExchangeRates;

namespace WellWon.Finance.PurchaseOrders;

/// <summary>
/// Finance's official rates are the central bank's rates Customs keeps (a day nobody fetched yet is fetched on demand), in every
/// process that runs Finance: the Api's approvals and postings, and the event processor's sagas that post in foreign currencies.
/// </summary>
internal sealed class CentralBankOfficialRates(CentralBankRates rates) : IOfficialRates
{
    public async Task<OfficialRate?> RubPerUnitAsync(string currency, DateOnly day, CancellationToken ct) =>
        await rates.OnAsync(day, ct) is { } found && found.RubPerUnit.TryGetValue(currency, out var rate) ? new OfficialRate(found.RatesDate, rate) : null;
}
