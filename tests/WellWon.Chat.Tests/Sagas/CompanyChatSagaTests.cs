using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.Tests.Hosts;
using WellWon.Companies.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Messaging;
using WellWon.Platform.Sagas;
using static WellWon.Chat.Tests.Hosts.ChatWorker;

namespace WellWon.Chat.Tests.Sagas;

/// <summary>
/// The company chat saga in the event-processor worker as its Program builds it: company events appended to the store travel
/// through the relay and Redis Streams to the saga host's own consumer group, and the chat follows the company, exactly once
/// whatever is delivered twice or interrupted.
/// </summary>
public sealed class CompanyChatSagaTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    private readonly string _database = $"wellwon_chat_saga_test_{Guid.NewGuid():N}";
    private readonly string _prefix = $"wwtest:{Guid.NewGuid():N}:";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await TestInfrastructure.CreateDatabaseAsync(_database);

    public async ValueTask DisposeAsync() => await CleanUpAsync(_database, _prefix);

    [Fact]
    public async Task Every_message_delivered_twice_gives_one_chat_with_the_right_members_and_archiving_completes_it()
    {
        var (company, owner, ann, bob, carol) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var worker = new ChatWorker(_database, _prefix).Start();

        await worker.AppendCompanyEventsAsync(company,
            new CompanyCreated(company, "Tea Importers", "CN", CompanyTypes.Importer, null, null, owner, At),
            new ParticipantAdded(company, owner, "owner", At),
            new ParticipantAdded(company, ann, "member", At),
            new ParticipantAdded(company, bob, "member", At),
            new ParticipantRemoved(company, ann, owner, At));
        await Until(async () => (await worker.SagaAsync(company))?.Version == 5, "the saga handles the five events");

        // Every message a second time, as after a crash between handling and acknowledging; then one new event behind them.
        var all = await worker.Events.ReadAllAsync(LogPosition.Start, 1000, Ct);
        var companyEvents = all.Where(e => e.StreamId == $"companies-company-{company:N}").ToList();
        Assert.Equal(5, companyEvents.Count);
        await worker.Services.GetRequiredService<IMessagePublisher>().PublishAsync("companies", [.. companyEvents.Select(e => e.ToTransportMessage())], Ct);
        await worker.AppendCompanyEventsAsync(company, new ParticipantAdded(company, carol, "viewer", At));
        await Until(async () => (await worker.SagaAsync(company))?.Version == 6, "the event behind the duplicates is handled");

        var chat = await worker.ChatEventsAsync(company);
        Assert.Equal($"ConversationStarted, joined {Short(ann)}, joined {Short(bob)}, left {Short(ann)}, joined {Short(carol)}", Names(chat));
        var started = Assert.IsType<ConversationStarted>(chat[0]);
        Assert.Equal([owner], started.Members);
        Assert.Equal("Tea Importers", started.Title);
        Assert.Equal(ChatIds.CompanyChat(company), started.ConversationId);

        var saga = (await worker.SagaAsync(company))!;
        Assert.Equal(SagaStatus.Running, saga.Status);
        Assert.Equal(6, saga.HandledEventIds.Count);
        Assert.Equal(0, saga.Attempts);
        Assert.Null(saga.NextTimeoutAt);

        // The read model (the worker's own sync projections) lists exactly the company's participants.
        Assert.Equal(new[] { owner, bob, carol }.Order(), await ActiveMembersAsync(ChatIds.CompanyChat(company)));

        await worker.AppendCompanyEventsAsync(company, new CompanyArchived(company, owner, At));
        await Until(async () => (await worker.SagaAsync(company))?.Status == SagaStatus.Completed, "archiving completes the saga");
        Assert.IsType<ConversationMadeReadOnly>((await worker.ChatEventsAsync(company))[^1]);

        // A completed saga ignores what comes later.
        await worker.AppendCompanyEventsAsync(company, new ParticipantAdded(company, Guid.NewGuid(), "member", At));
        await Task.Delay(500, Ct);
        Assert.Equal(6, (await worker.ChatEventsAsync(company)).Count);
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task A_worker_killed_between_saving_the_step_and_finishing_it_is_completed_exactly_once_by_the_next_one(string killed)
    {
        var (company, owner, ann) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var gate = new StepGate<AddChatMember> { Mode = killed };
        var first = new ChatWorker(_database, _prefix, services => services.AddSingleton<IPipelineBehavior<AddChatMember, Unit>>(gate)).Start();

        var ids = await first.AppendCompanyEventsAsync(company,
            new CompanyCreated(company, "Spice Co", "IN", CompanyTypes.Importer, null, null, owner, At),
            new ParticipantAdded(company, ann, "member", At));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        // The step is saved as in flight (its event and deadline), its result not yet.
        var inFlight = (await first.SagaAsync(company))!;
        Assert.Equal(1, inFlight.Version);
        Assert.Equal(ids[1], inFlight.StepEventId);
        Assert.NotNull(inFlight.NextTimeoutAt);
        Assert.Equal(killed == "after" ? 2 : 1, (await first.ChatEventsAsync(company)).Count);

        await first.StopAsync();
        await first.DisposeAsync();

        await using var second = new ChatWorker(_database, _prefix).Start();
        await Until(async () => (await second.SagaAsync(company))?.Version == 2, "the restarted worker finishes the step");

        var chat = await second.ChatEventsAsync(company);
        Assert.Equal($"ConversationStarted, joined {Short(ann)}", Names(chat));
        var saga = (await second.SagaAsync(company))!;
        Assert.Equal(SagaStatus.Running, saga.Status);
        Assert.Equal(0, saga.Attempts);
        Assert.Null(saga.LastError);
        Assert.Equal(ids, saga.HandledEventIds);
        Assert.Equal(1, gate.Calls);
    }

    [Theory]
    [InlineData("throw", "InvalidOperationException: The customs gateway is down")]
    [InlineData("hang", "timed out after 1 s")]
    public async Task A_step_that_keeps_failing_ends_failed_with_its_error_which_an_administrator_sees(string failure, string error)
    {
        var (company, owner, ann) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var gate = new StepGate<AddChatMember> { Mode = failure };
        await using var worker = new ChatWorker(
            _database,
            _prefix,
            services => services.AddSingleton<IPipelineBehavior<AddChatMember, Unit>>(gate),
            new Dictionary<string, string?> { ["Sagas:StepTimeout"] = "00:00:01" }).Start();

        await worker.AppendCompanyEventsAsync(company,
            new CompanyCreated(company, "Coffee Co", "BR", CompanyTypes.Importer, null, null, owner, At),
            new ParticipantAdded(company, ann, "member", At));
        await Until(async () => (await worker.SagaAsync(company))?.Status == SagaStatus.Failed, "the saga is marked failed");

        var saga = (await worker.SagaAsync(company))!;
        Assert.Equal(3, saga.Attempts);
        Assert.Contains(error, saga.LastError, StringComparison.Ordinal);
        Assert.Equal(1, saga.Version);
        Assert.Equal("ConversationStarted", Names(await worker.ChatEventsAsync(company)));

        await using var api = new ChatApiOverDatabase(_database);
        using var admin = api.ClientFor(Guid.NewGuid(), "ww_admin");
        var page = (await admin.GetFromJsonAsync<SagaPage>("/api/admin/sagas?status=failed", Ct))!;
        var seen = Assert.Single(page.Items, s => s.Id == company);
        Assert.Equal("chat.company-chat", seen.Type);
        Assert.Contains(error, seen.LastError, StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<SagaPage>("/api/admin/sagas?status=completed", Ct))!.Items);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/admin/sagas?status=stuck", Ct)).StatusCode);
        using var manager = api.ClientFor(Guid.NewGuid(), "ww_manager");
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/admin/sagas?status=failed", Ct)).StatusCode);

        // The transport keeps the event for the operator: once its tries are spent it is a dead letter, to replay after the retry.
        var deadLetters = worker.Services.GetRequiredService<IDeadLetterStore>();
        await Until(async () => (await deadLetters.ListAsync("companies", null, 10, Ct)).Items.Count == 1, "the failed step's event is dead-lettered");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/sagas/chat.company-chat/{company}/retry", null, Ct)).StatusCode);
        Assert.Equal(SagaStatus.Running, (await worker.SagaAsync(company))!.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/sagas/chat.company-chat/{company}/retry", null, Ct)).StatusCode);
    }

    private async Task<IEnumerable<Guid>> ActiveMembersAsync(Guid chat)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(_database));
        await using var select = db.CreateCommand("SELECT user_id FROM chat.members WHERE conversation_id = $1 AND active ORDER BY user_id");
        select.Parameters.Add(new Npgsql.NpgsqlParameter { Value = chat });
        var members = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            members.Add(reader.GetGuid(0));
        }

        return members;
    }

    private static string Short(Guid id) => id.ToString()[..4];
}
