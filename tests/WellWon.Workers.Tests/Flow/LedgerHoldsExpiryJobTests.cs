using Microsoft.Extensions.DependencyInjection;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Scheduling;

namespace WellWon.Workers.Tests.Flow;

/// <summary>The data-sync role's job that releases ledger holds past their timeout, as the Workers' Program registers it.</summary>
public sealed class LedgerHoldsExpiryJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_data_sync_role_records_the_expiry_of_holds_past_their_timeout_in_the_companys_ledger()
    {
        await using var hosts = await FlowHosts.StartAsync("data-sync", new Dictionary<string, string?> { ["Finance:Ledger:Holds:Interval"] = "01:00:00" });
        var job = Assert.Single(hosts.Worker.Services.GetServices<IScheduledJob>().OfType<LedgerHoldsExpiryJob>());
        Assert.Equal(("finance.ledger-holds-expiry", TimeSpan.FromHours(1)), (job.Name, job.Interval));

        // A ledger whose hold of an hour ago had a minute to live, written through the Api (its journal is projected there at once).
        var company = Guid.NewGuid();
        var hold = Guid.NewGuid();
        var then = DateTimeOffset.UtcNow.AddHours(-1);
        await using (var scope = hosts.Api.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
            var ledger = CompanyLedger.Open(company, then);
            ledger.Post([new EntryDraft(Guid.NewGuid(), "Opening", null, [new("1010.USD", EntrySide.Debit, 100m, "USD"), new("3010.USD", EntrySide.Credit, 100m, "USD")])], then);
            ledger.Post([new EntryDraft(hold, "Hold", null, [new("1310.USD", EntrySide.Debit, 60m, "USD"), new("1010.USD", EntrySide.Credit, 60m, "USD")], HoldFor: TimeSpan.FromMinutes(1))], then);
            await store.SaveAsync(ledger, Ct);
        }

        await using (var scope = hosts.Worker.Services.CreateAsyncScope())
        {
            var run = new JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider);
            await job.RunAsync(run, Ct);
            Assert.Equal((1, 1), (run.Summary["companies"], run.Summary["expired"]));
        }

        var registry = hosts.Api.Services.GetRequiredService<EventTypeRegistry>();
        var events = new List<IDomainEvent?>();
        await foreach (var e in hosts.Api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<CompanyLedger>(company), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(registry.Deserialize(e.EventType, e.Data));
        }

        var expired = Assert.Single(events.OfType<HeldEntryVoided>());
        Assert.Equal((hold, true, then.AddMinutes(1)), (expired.EntryId, expired.Expired, expired.VoidedAt));
    }
}
