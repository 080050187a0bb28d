using System.Net;
using System.Net.Http.Json;
using WellWon.Chat.Domain;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Tests.Hosts;
using WellWon.Companies.Contracts;
using WellWon.Platform.Tenancy;

namespace WellWon.Chat.Tests.Sagas;

/// <summary>The company chat as users meet it: the company's facts in the log, the worker's saga, the Api's chat endpoints.</summary>
public sealed class CompanyChatEndToEndTests(ChatApiWithWorker api) : IClassFixture<ChatApiWithWorker>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_company_chat_follows_the_companys_participants_and_is_read_only_once_it_is_archived()
    {
        var (company, owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chat = ChatIds.CompanyChat(company);
        using var asOwner = api.ClientFor(owner);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);

        await api.Worker.AppendCompanyEventsAsync(company,
            new CompanyCreated(company, "Silk Road Trading", "KZ", CompanyTypes.Importer, null, null, owner, At),
            new ParticipantAdded(company, ann, "member", At),
            new ParticipantAdded(company, bob, "manager", At));
        await ChatWorker.Until(async () => (await Chats(asBob)).Any(c => c.Id == chat), "bob sees the company chat");

        var summary = Assert.Single(await Chats(asOwner), c => c.Id == chat);
        Assert.Equal(("company", company, "Silk Road Trading"), (summary.Kind, summary.CompanyId, summary.Title));
        Assert.Equal(HttpStatusCode.Created, (await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Hello team" }, Ct)).StatusCode);
        Assert.Equal(1, Assert.Single(await Chats(asBob), c => c.Id == chat).UnreadCount);

        await api.Worker.AppendCompanyEventsAsync(company, new ParticipantRemoved(company, ann, owner, At));
        await ChatWorker.Until(async () => (await asAnn.GetAsync($"/api/chats/{chat}/messages", Ct)).StatusCode == HttpStatusCode.NotFound, "ann no longer sees it");

        await api.Worker.AppendCompanyEventsAsync(company, new CompanyArchived(company, owner, At));
        await ChatWorker.Until(async () => Assert.Single(await Chats(asOwner), c => c.Id == chat).ReadOnly, "the chat is read-only");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Anyone?" }, Ct)).StatusCode);
        Assert.Equal("Hello team", (await asBob.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages", Ct))!.Items[0].Text);
    }

    [Fact]
    public async Task A_company_administrator_removes_a_members_message_and_a_plain_member_cannot()
    {
        var (company, owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var chat = ChatIds.CompanyChat(company);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);
        await api.Worker.AppendCompanyEventsAsync(company,
            new CompanyCreated(company, "Amber Logistics", "LT", CompanyTypes.Forwarder, null, null, owner, At),
            new ParticipantAdded(company, ann, "member", At),
            new ParticipantAdded(company, bob, "admin", At));
        await ChatWorker.Until(async () => (await Chats(asBob)).Any(c => c.Id == chat) && (await Chats(asAnn)).Any(c => c.Id == chat), "both see the chat");
        api.CompanyAccess.Set(ann, company, CompanyRole.Member);
        api.CompanyAccess.Set(bob, company, CompanyRole.Admin);

        var fromBob = await (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Rates attached" }, Ct)).Content.ReadFromJsonAsync<Features.PostedMessage>(Ct);
        var fromAnn = await (await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Off-topic" }, Ct)).Content.ReadFromJsonAsync<Features.PostedMessage>(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, (await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{fromBob!.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asBob.DeleteAsync($"/api/chats/{chat}/messages/{fromAnn!.Id}", Ct)).StatusCode);
        Assert.True((await asAnn.GetFromJsonAsync<MessageView>($"/api/chats/{chat}/messages/{fromAnn.Id}", Ct))!.Deleted);
    }

    private static async Task<List<ChatSummary>> Chats(HttpClient client) => (await client.GetFromJsonAsync<List<ChatSummary>>("/api/chats", Ct))!;
}
