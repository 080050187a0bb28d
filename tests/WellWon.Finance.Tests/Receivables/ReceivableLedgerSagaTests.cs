using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Finance.Receivables;
using WellWon.Finance.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Sagas;
using static WellWon.Finance.Tests.Http.LedgerApi;

namespace WellWon.Finance.Tests.Receivables;

/// <summary>The Finance test host with the receivables' ledger saga run in the Api's process, fed by the tests instead of the transport.</summary>
public sealed class ReceivablesSagaApiFactory : FinanceApiFactory
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddReceivablesSagas();
        services.AddWellWonSagaStore();
        services.AddMetrics();
        services.TryAddSingleton<SagaRegistry>();
        services.TryAddSingleton<SagaRunner>();
    }
}

/// <summary>
/// A receipt recorded on the invoice whose ledger entry never landed (the Api stopped between the two) is posted by the receivables'
/// ledger saga from the invoice's stream, once however often the events are handed to it, with the same lines as the Api posts.
/// </summary>
public sealed class ReceivableLedgerSagaTests(ReceivablesSagaApiFactory api) : IClassFixture<ReceivablesSagaApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_saga_posts_a_receipt_the_Api_did_not_and_posts_it_once()
    {
        var (owner, company, client) = await api.OpenedAsync();
        var id = Guid.NewGuid();
        await JsonAsync(await client.PostAsJsonAsync(ReceivableEndpoints.Root, new
        {
            companyId = company, invoiceId = id, client = new { name = "Sibirskaya Torgovaya LLC" }, currency = "USD",
            dueDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
            lines = new[] { new { description = "Freight forwarding", quantity = 1, unitPrice = 1_000m, vatRate = 0 } },
        }, Ct), HttpStatusCode.Created);
        var issued = await JsonAsync(await client.PostAsJsonAsync($"{ReceivableEndpoints.Root}/{id}/issue", new { companyId = company }, Ct), HttpStatusCode.OK);
        var day = DateOnly.FromDateTime(issued.GetProperty("issuedAt").GetDateTimeOffset().UtcDateTime);

        // The receipt reaches the invoice's stream only, as when the Api stops before its post.
        var receiptId = Guid.NewGuid();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<RequestContext>().TenantId = company;
            var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
            var invoice = await store.LoadAsync<ClientInvoice>(id, Ct);
            Assert.True(invoice.ReceivePayment(receiptId, 400m, day, "MT103 77", owner, DateTimeOffset.UtcNow));
            await store.SaveAsync(invoice, Ct);
        }

        var entry = $"{LedgerApi.Root}/entries/{ReceivablePosting.ReceiptEntryIdOf(id, receiptId)}?companyId={company}";
        await JsonAsync(await client.GetAsync(entry, Ct), HttpStatusCode.NotFound);

        var runner = api.Services.GetRequiredService<SagaRunner>();
        var events = new List<RecordedEvent>();
        await foreach (var e in api.Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<ClientInvoice>(id), 0, ReadDirection.Forwards, 100, Ct))
        {
            events.Add(e);
        }

        foreach (var e in events.Concat(events))
        {
            await runner.HandleAsync(e, Ct);
        }

        var posted = await JsonAsync(await client.GetAsync(entry, Ct), HttpStatusCode.OK);
        Assert.Equal(["1010.USD", "1210.USD"], posted.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Equal((400m, 600m), ((await client.AccountAsync(company, "1010.USD")).GetProperty("posted").GetDecimal(), (await client.AccountAsync(company, "1210.USD")).GetProperty("posted").GetDecimal()));
    }
}
