using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]  // one AppHost at a time: each starts a whole WellWon

namespace WellWon.AppHost.Tests;

/// <summary>
/// The companies-and-chat walk-through a user does, over HTTP and the hub only, against everything the AppHost starts:
/// the company chat comes from the saga in the event processor and the push from the projection through Redis, so every
/// process and server is on the path.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class CompaniesAndChatAcceptanceTests
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Owner_invites_a_colleague_both_chat_live_and_an_outsider_sees_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct);
            await using var app = await builder.BuildAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AppHostLauncher.StartTimeout + TimeSpan.FromMinutes(2));
            var token = timeout.Token;
            await AppHostLauncher.StartHealthyAsync(app, token);
            var apiBase = app.GetEndpoint("api", "http");

            var ann = await User.SignUpAsync(apiBase, "Ann", token);
            var bob = await User.SignUpAsync(apiBase, "Bob", token);
            var eve = await User.SignUpAsync(apiBase, "Eve", token);

            // A creates company C and invites B, who accepts with the invitation's token.
            var company = await ann.PostAsync("/api/companies", new { name = "Baltic Bearings LLC", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token);
            var companyId = company.GetProperty("id").GetGuid();
            var invitation = await ann.PostAsync($"/api/companies/{companyId}/invitations", new { email = bob.Email, role = "member" }, HttpStatusCode.Created, token);
            await bob.PostAsync($"/api/companies/invitations/{invitation.GetProperty("id").GetGuid()}/accept",
                new { token = invitation.GetProperty("token").GetString() }, HttpStatusCode.OK, token);

            var participants = await ann.GetAsync($"/api/companies/{companyId}/participants", token);
            Assert.Equal(2, participants.GetArrayLength());

            // Both see the company chat: the saga created it with A and added B when B joined.
            var chatId = await CompanyChatOfAsync(ann, companyId, token);
            Assert.Equal(chatId, await CompanyChatOfAsync(bob, companyId, token));

            // B follows the chat over the hub; A posts; B is told and reads the message.
            await using var bobHub = await bob.ConnectAsync(token);
            await bobHub.Connection.InvokeAsync<long>("JoinChat", chatId, token);
            var posted = await ann.PostAsync($"/api/chats/{chatId}/messages", new { text = "Containers leave Shanghai on Friday." }, HttpStatusCode.Created, token);
            var messageId = posted.GetProperty("id").GetGuid();

            var pushed = await bobHub.NextAsync(c => c.GetProperty("change").GetProperty("entity").GetString() == "chat-messages"
                && c.GetProperty("group").GetString() == $"chat:{chatId:D}", token);
            Assert.Equal(chatId, Guid.Parse(pushed.GetProperty("change").GetProperty("id").GetString()!));
            var page = await bob.GetAsync($"/api/chats/{chatId}/messages", token);
            Assert.Contains(page.GetProperty("items").EnumerateArray(),
                m => m.GetProperty("id").GetGuid() == messageId && m.GetProperty("text").GetString() == "Containers leave Shanghai on Friday.");

            // E, signed in but not a participant, learns nothing: 404 everywhere, and the hub refuses the groups.
            await eve.ExpectAsync($"/api/companies/{companyId}", HttpStatusCode.NotFound, token);
            await eve.ExpectAsync($"/api/companies/{companyId}/participants", HttpStatusCode.NotFound, token);
            await eve.ExpectAsync($"/api/chats/{chatId}/messages", HttpStatusCode.NotFound, token);
            Assert.DoesNotContain((await eve.GetAsync("/api/chats", token)).EnumerateArray(), c => c.GetProperty("id").GetGuid() == chatId);
            await using var eveHub = await eve.ConnectAsync(token);
            await Assert.ThrowsAsync<HubException>(() => eveHub.Connection.InvokeAsync<long>("JoinChat", chatId, token));
            await Assert.ThrowsAsync<HubException>(() => eveHub.Connection.InvokeAsync<long>("JoinCompany", companyId, token));

            await app.StopAsync(token);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static async Task<Guid> CompanyChatOfAsync(User user, Guid companyId, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Eventually;
        while (true)
        {
            var chats = await user.GetAsync("/api/chats", ct);
            foreach (var chat in chats.EnumerateArray())
            {
                if (chat.GetProperty("kind").GetString() == "company"
                    && chat.GetProperty("companyId").ValueKind == JsonValueKind.String
                    && chat.GetProperty("companyId").GetGuid() == companyId)
                {
                    return chat.GetProperty("id").GetGuid();
                }
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{user.Email} saw no company chat for {companyId} within {Eventually.TotalSeconds} s.");
            await Task.Delay(250, ct);
        }
    }

    /// <summary>A signed-in user of the running Api, as a browser would be: a bearer token and, when asked, a hub connection.</summary>
    private sealed class User(HttpClient http, Uri apiBase, string email, string accessToken)
    {
        public string Email { get; } = email;

        public static async Task<User> SignUpAsync(Uri apiBase, string firstName, CancellationToken ct)
        {
            var email = $"{firstName.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
            const string password = "a strong password 123";
            var http = new HttpClient { BaseAddress = apiBase };
            using (var registered = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName, lastName = "Importer" }, ct))
            {
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            }

            using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            var accessToken = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            return new User(http, apiBase, email, accessToken);
        }

        public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected, CancellationToken ct)
        {
            using var response = await http.PostAsJsonAsync(path, body, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task ExpectAsync(string path, HttpStatusCode expected, CancellationToken ct)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == expected, $"GET {path} as {Email}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("Baltic Bearings", text, StringComparison.Ordinal);
        }

        public async Task<Hub> ConnectAsync(CancellationToken ct)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(apiBase, "/hubs/wellwon"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(accessToken))
                .Build();
            var hub = new Hub(connection);
            connection.On<JsonElement>("changed", change => hub.Changes.Writer.TryWrite(change));
            await connection.StartAsync(ct);
            return hub;
        }
    }

    private sealed class Hub(HubConnection connection) : IAsyncDisposable
    {
        public HubConnection Connection { get; } = connection;

        public Channel<JsonElement> Changes { get; } = Channel.CreateUnbounded<JsonElement>();

        public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match, CancellationToken ct)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Eventually);
            await foreach (var change in Changes.Reader.ReadAllAsync(wait.Token))
            {
                if (match(change))
                {
                    return change;
                }
            }

            throw new InvalidOperationException("The hub connection closed before the change arrived.");
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
