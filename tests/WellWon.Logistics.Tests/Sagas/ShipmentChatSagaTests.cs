using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.Sagas;
using WellWon.Logistics.Tests.Hosts;
using WellWon.Logistics.Tests.Http;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Messaging;
using WellWon.Platform.RealTime;
using WellWon.Platform.Sagas;
using static WellWon.Logistics.Tests.Hosts.LogisticsWorker;

namespace WellWon.Logistics.Tests.Sagas;

/// <summary>
/// The Api and the event-processor worker side by side, as the AppHost runs them: a booking travels through the relay and Redis
/// Streams to the saga host, which opens the shipment's chat in the Chat context; changes are pushed to the company's group.
/// </summary>
public sealed class ShipmentChatSagaTests(LogisticsApiWithWorker api) : IClassFixture<LogisticsApiWithWorker>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_booking_delivered_twice_or_replayed_opens_one_chat_with_the_companys_participants_which_closes_when_cancelled()
    {
        var (owner, member, viewer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var company = await api.CreateCompanyAsync(owner, "Bearings Import");
        await api.JoinCompanyAsync(owner, company, member, "member");
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        // The shipment chat takes its members from the company chat, which the company chat saga keeps.
        await Until(async () => (await MembersAsync(ChatIds.CompanyChat(company))).Count == 3, "the company chat has its three participants");

        using var asMember = api.ClientFor(member);
        var (id, reference) = await Shipments.CreateAsync(asMember, Shipments.Sea(company));
        await Shipments.BookAsync(asMember, id);
        var chat = ChatIds.ShipmentChat(id);
        // The members' rows are written one after another: wait for all three.
        await Until(async () => (await MembersAsync(chat)).Count == 3, "the shipment's chat has its members");
        Assert.Contains(await ChatsOf(viewer), c => c.GetProperty("id").GetGuid() == chat);

        var summary = Assert.Single(await ChatsOf(owner), c => c.GetProperty("id").GetGuid() == chat);
        Assert.Equal(("shipment", company, $"Shipment {reference}"), (summary.GetProperty("kind").GetString(), summary.GetProperty("companyId").GetGuid(), summary.GetProperty("title").GetString()));
        Assert.Equal(new[] { owner, member, viewer }.Order(), await MembersAsync(chat));
        Assert.Equal(HttpStatusCode.Created, (await asMember.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Container loaded" }, Ct)).StatusCode);

        var booked = await BookedEventAsync(id);
        // Replayed into a saga store that forgot it (a new deployment replaying the log): the step runs again, the chat stays one.
        await using (var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database)))
        {
            await Until(async () => (await api.Worker.Sagas.LoadAsync(SagaType, id, Ct))?.Version >= 1, "the saga recorded the booking");
            await using var forget = db.CreateCommand("DELETE FROM platform.saga_state WHERE saga_type = $1 AND saga_id = $2");
            forget.Parameters.Add(new NpgsqlParameter { Value = SagaType });
            forget.Parameters.Add(new NpgsqlParameter { Value = id });
            await forget.ExecuteNonQueryAsync(Ct);
        }

        await ReplayAsync(booked with { EventId = Guid.CreateVersion7() });
        Assert.True((await api.Worker.Sagas.LoadAsync(SagaType, id, Ct))!.Version >= 1);

        // The booking again, as after a crash between handling and acknowledging: twice through the bus.
        var bus = api.Worker.Services.GetRequiredService<IMessagePublisher>();
        await bus.PublishAsync("logistics", [booked.ToTransportMessage(), booked.ToTransportMessage()], Ct);

        // Cancelling comes after the redeliveries on the same stream's partition: once it is handled, so are they.
        Assert.Equal(HttpStatusCode.NoContent, (await asMember.PostAsJsonAsync($"/api/shipments/{id}/cancel", new { reason = "Supplier could not ship" }, Ct)).StatusCode);
        await Until(async () => (await api.Worker.Sagas.LoadAsync(SagaType, id, Ct))?.Status == SagaStatus.Completed, "the cancellation completes the saga");

        Assert.Equal([typeof(ConversationStarted), typeof(ConversationMadeReadOnly)], (await ChatStreamAsync(chat)).Select(e => e.GetType()));
        await Until(async () => Assert.Single(await ChatsOf(owner), c => c.GetProperty("id").GetGuid() == chat).GetProperty("readOnly").GetBoolean(), "the chat is read-only");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asMember.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Anyone?" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_participant_following_the_company_is_pushed_each_change_of_its_shipments_and_an_outsider_cannot_follow()
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner, "Pushed Co");
        await using var hub = await api.ConnectAsync(owner);
        var pushed = Channel.CreateUnbounded<PushedChange>();
        hub.On<PushedChange>(WellWonHub.ChangedMethod, c => pushed.Writer.TryWrite(c));
        await hub.InvokeAsync<long>("JoinCompany", company, Ct);
        await using var outsider = await api.ConnectAsync(Guid.NewGuid());
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => outsider.InvokeAsync<long>("JoinCompany", company, Ct));

        using var client = api.ClientFor(owner);
        var (id, _) = await Shipments.CreateAsync(client, Shipments.Sea(company));
        await Shipments.BookAsync(client, id);
        await Shipments.MilestoneAsync(client, id, new { kind = "cargo_ready" });

        var changes = new List<ChangeNotification>();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        while (changes.Count < 3)
        {
            // The user's own group hears of the company chat too; the shipment's changes come through the company's.
            var change = await pushed.Reader.ReadAsync(wait.Token);
            if (change.Change.Entity == "shipment")
            {
                Assert.Equal(ChangeAudience.Company(company).Group, change.Group);
                changes.Add(change.Change);
            }
        }

        Assert.Equal(
            [(id.ToString("D"), 0L, "created"), (id.ToString("D"), 1L, "status"), (id.ToString("D"), 2L, "milestones")],
            changes.Select(c => (c.Id, c.Version, c.Scope)));
    }

    private static string SagaType => new ShipmentChatSaga().Type;

    // As the transport would: a step that lost the race to a redelivery of the same saga is run again.
    private async Task ReplayAsync(RecordedEvent e)
    {
        var runner = api.Worker.Services.GetRequiredService<SagaRunner>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await runner.HandleAsync(e, Ct);
                return;
            }
            catch (SagaConcurrencyException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<List<JsonElement>> ChatsOf(Guid user)
    {
        using var client = api.ClientFor(user);
        return [.. (await client.GetJsonAsync("/api/chats")).EnumerateArray()];
    }

    private async Task<RecordedEvent> BookedEventAsync(Guid shipmentId)
    {
        await foreach (var e in api.Worker.Events.ReadStreamAsync(StreamName.For<Shipment>(shipmentId), 0, ReadDirection.Forwards, 100, Ct))
        {
            if (e.EventType == "logistics.shipment-booked.v1")
            {
                return e;
            }
        }

        throw new InvalidOperationException($"Shipment {shipmentId} has no booking.");
    }

    private async Task<List<IDomainEvent>> ChatStreamAsync(Guid chat)
    {
        var registry = api.Worker.Services.GetRequiredService<EventTypeRegistry>();
        var events = new List<IDomainEvent>();
        await foreach (var e in api.Worker.Events.ReadStreamAsync(StreamName.For<Conversation>(chat), 0, ReadDirection.Forwards, 100, Ct))
        {
            events.Add(registry.Deserialize(e.EventType, e.Data)!);
        }

        return events;
    }

    private async Task<List<Guid>> MembersAsync(Guid conversation)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        await using var select = db.CreateCommand("SELECT user_id FROM chat.members WHERE conversation_id = $1 AND active ORDER BY user_id");
        select.Parameters.Add(new NpgsqlParameter { Value = conversation });
        var members = new List<Guid>();
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            members.Add(reader.GetGuid(0));
        }

        return [.. members.Order()];
    }
}
