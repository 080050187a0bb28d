using System.Net;
using System.Net.Http.Json;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Chat.Tests.Hosts;

namespace WellWon.Chat.Tests.Sagas;

/// <summary>
/// The company chat as users meet it: a company made and changed through the Companies API, its events through the relay to the
/// worker's saga, the chat through the Chat API; company roles answered by the Companies context itself.
/// </summary>
public sealed class CompanyChatEndToEndTests(ChatApiWithWorker api) : IClassFixture<ChatApiWithWorker>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_company_chat_follows_the_companys_participants_is_closed_while_suspended_and_for_good_once_archived()
    {
        var (owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using var asOwner = api.ClientFor(owner);
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);

        var company = await api.CreateCompanyAsync(owner, "Silk Road Trading");
        var chat = ChatIds.CompanyChat(company);
        await ChatWorker.Until(async () => (await Chats(asOwner)).Any(c => c.Id == chat), "the owner sees the company chat");
        var summary = Assert.Single(await Chats(asOwner), c => c.Id == chat);
        Assert.Equal(("company", company, "Silk Road Trading"), (summary.Kind, summary.CompanyId, summary.Title));

        await api.JoinCompanyAsync(owner, company, ann, "member");
        await api.JoinCompanyAsync(owner, company, bob, "manager");
        await ChatWorker.Until(async () => (await Chats(asBob)).Any(c => c.Id == chat) && (await Chats(asAnn)).Any(c => c.Id == chat), "the participants see it");
        Assert.Equal(HttpStatusCode.Created, (await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Hello team" }, Ct)).StatusCode);
        Assert.Equal(1, Assert.Single(await Chats(asBob), c => c.Id == chat).UnreadCount);

        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.DeleteAsync($"/api/companies/{company}/participants/{ann}", Ct)).StatusCode);
        await ChatWorker.Until(async () => (await asAnn.GetAsync($"/api/chats/{chat}/messages", Ct)).StatusCode == HttpStatusCode.NotFound, "ann no longer sees it");

        // Suspended by WellWon staff: read-only until reactivated.
        using var staff = api.ClientFor(Guid.NewGuid(), "ww_admin");
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsJsonAsync($"/api/companies/{company}/suspend", new { reason = "KYC review" }, Ct)).StatusCode);
        await ChatWorker.Until(async () => Assert.Single(await Chats(asOwner), c => c.Id == chat).ReadOnly, "the suspended company's chat is read-only");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Still there?" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/companies/{company}/reactivate", null, Ct)).StatusCode);
        await ChatWorker.Until(async () => !Assert.Single(await Chats(asOwner), c => c.Id == chat).ReadOnly, "the reactivated company's chat is open");
        Assert.Equal(HttpStatusCode.Created, (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Back in business" }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.PostAsync($"/api/companies/{company}/archive", null, Ct)).StatusCode);
        await ChatWorker.Until(async () => Assert.Single(await Chats(asOwner), c => c.Id == chat).ReadOnly, "the chat is read-only");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Anyone?" }, Ct)).StatusCode);
        Assert.Equal(["Back in business", "Hello team"], (await asBob.GetFromJsonAsync<MessagePage>($"/api/chats/{chat}/messages", Ct))!.Items.Select(m => m.Text));
    }

    [Fact]
    public async Task A_participant_made_company_admin_moderates_the_chat_and_a_plain_member_cannot()
    {
        var (owner, ann, bob) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using var asAnn = api.ClientFor(ann);
        using var asBob = api.ClientFor(bob);
        var company = await api.CreateCompanyAsync(owner, "Amber Logistics");
        var chat = ChatIds.CompanyChat(company);
        await api.JoinCompanyAsync(owner, company, ann, "member");
        await api.JoinCompanyAsync(owner, company, bob, "member");
        await ChatWorker.Until(async () => (await Chats(asBob)).Any(c => c.Id == chat) && (await Chats(asAnn)).Any(c => c.Id == chat), "both see the chat");

        var fromBob = (await (await asBob.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Rates attached" }, Ct)).Content.ReadFromJsonAsync<PostedMessage>(Ct))!;
        var fromAnn = (await (await asAnn.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = "Off-topic" }, Ct)).Content.ReadFromJsonAsync<PostedMessage>(Ct))!;
        Assert.Equal(HttpStatusCode.Forbidden, (await asBob.DeleteAsync($"/api/chats/{chat}/messages/{fromAnn.Id}", Ct)).StatusCode);

        using var asOwner = api.ClientFor(owner);
        Assert.Equal(HttpStatusCode.NoContent, (await asOwner.PutAsJsonAsync($"/api/companies/{company}/participants/{bob}/role", new { role = "admin" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await asBob.DeleteAsync($"/api/chats/{chat}/messages/{fromAnn.Id}", Ct)).StatusCode);
        Assert.True((await asAnn.GetFromJsonAsync<MessageView>($"/api/chats/{chat}/messages/{fromAnn.Id}", Ct))!.Deleted);
        Assert.Equal(HttpStatusCode.Forbidden, (await asAnn.DeleteAsync($"/api/chats/{chat}/messages/{fromBob.Id}", Ct)).StatusCode);
    }

    private static async Task<List<ChatSummary>> Chats(HttpClient client) => (await client.GetFromJsonAsync<List<ChatSummary>>("/api/chats", Ct))!;
}
