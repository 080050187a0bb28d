using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WellWon.Finance.Payments;
using WellWon.Finance.Payments.Bank;

namespace WellWon.BankSimulator.Tests;

/// <summary>The simulator in memory with its clock in the test's hand.</summary>
public sealed class SimulatorFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-bank-key";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    /// <summary>Finance's real gateway, speaking to the simulator through the test server.</summary>
    public HttpBankGateway Gateway(string key = ApiKey) =>
        new(CreateClient(), Options.Create(new BankOptions { BaseUrl = "http://localhost/", ApiKey = key, Attempts = 1 }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Bank:ApiKey", ApiKey);
        builder.UseSetting("Bank:ConfirmAfter", "00:00:05");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// WellWon's bank gateway contract as the simulated bank serves it, through Finance's own HTTP client: rates with the spread over the
/// base table, one deal and one transfer per key, expired quotes refused, transfers confirmed after the delay or rejected for an
/// account ending in 0000, and the key required.
/// </summary>
public sealed class BankContractTests(SimulatorFactory bank) : IClassFixture<SimulatorFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TransferRequest Transfer(string key, string account = "GB82WEST12345698765432") =>
        new(key, new TransferBeneficiary("Ningbo Bearing Co.", account, "BKCHCNBJ92A", "Bank of China", "CN"), 10_000m, "CNY", "Prepayment", null);

    [Fact]
    public async Task A_quote_carries_the_spread_over_the_official_rate_and_one_key_gives_one_quote_and_one_deal()
    {
        var gateway = bank.Gateway();
        var key = $"{Guid.NewGuid():N}:quote:1";

        var quote = await gateway.QuoteAsync("RUB", "CNY", 10_000m, key, Ct);
        Assert.Equal((12.586m, 12.40m), (quote.Rate, quote.OfficialRate));
        Assert.Equal(quote.QuoteId, (await gateway.QuoteAsync("RUB", "CNY", 10_000m, key, Ct)).QuoteId);
        var deal = await gateway.AcceptQuoteAsync(quote.QuoteId, $"{key}:accept", Ct);
        Assert.Equal(deal, await gateway.AcceptQuoteAsync(quote.QuoteId, $"{key}:accept", Ct));
    }

    [Fact]
    public async Task A_quote_past_its_validity_is_refused_as_expired()
    {
        var gateway = bank.Gateway();
        var quote = await gateway.QuoteAsync("RUB", "USD", 100m, Guid.NewGuid().ToString("N"), Ct);
        bank.Clock.Advance(TimeSpan.FromMinutes(6));

        var refused = await Assert.ThrowsAsync<BankRejectedException>(() => gateway.AcceptQuoteAsync(quote.QuoteId, Guid.NewGuid().ToString("N"), Ct));
        Assert.Equal(BankRejectedException.QuoteExpired, refused.Code);
    }

    [Fact]
    public async Task A_transfer_is_pending_then_confirmed_and_the_same_key_never_makes_a_second_one()
    {
        var gateway = bank.Gateway();
        var key = Guid.NewGuid().ToString("D");

        var first = await gateway.SubmitTransferAsync(Transfer(key), Ct);
        var again = await gateway.SubmitTransferAsync(Transfer(key), Ct);
        Assert.Equal((BankTransfer.Pending, first.TransferId), (first.Status, again.TransferId));
        bank.Clock.Advance(TimeSpan.FromSeconds(6));
        var confirmed = await gateway.GetTransferAsync(first.TransferId, Ct);
        Assert.Equal(BankTransfer.Confirmed, confirmed.Status);
        Assert.StartsWith("SIMB", confirmed.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transfer_to_an_account_ending_in_0000_is_rejected_with_a_reason_and_a_wrong_key_is_refused()
    {
        var rejected = await bank.Gateway().SubmitTransferAsync(Transfer(Guid.NewGuid().ToString("D"), "40702810900000000000"), Ct);
        Assert.Equal(BankTransfer.Rejected, rejected.Status);
        Assert.Contains("closed", rejected.Reason, StringComparison.Ordinal);

        var unauthorized = await Assert.ThrowsAsync<BankRejectedException>(() => bank.Gateway("wrong").QuoteAsync("RUB", "CNY", 1m, "k", Ct));
        Assert.Equal("unauthorized", unauthorized.Code);
    }
}
