using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using WellWon.Chat.Seeding;

namespace WellWon.Benchmarks;

/// <summary>What the chat figure measured: the seeding, the two page loads, and one client's walk through the whole conversation.</summary>
public sealed record ChatPagesResult(
    int Messages,
    TimeSpan Seeding,
    LoadResult Newest,
    LoadResult Deep,
    LoadResult Walk,
    long WalkedMessages,
    bool WalkComplete);

/// <summary>
/// Figure 5: reading one long conversation. The built WellWon.Api runs as its own process on a loopback port with a fresh database;
/// two users sign up through the API and one starts their direct conversation (<c>POST /api/chats/direct</c>, which the Api writes
/// at once). The conversation is then filled with <see cref="BenchScale.ChatMessages"/> messages by <see cref="ChatSeeder"/>:
/// posting 100,000 messages through the API one by one would take minutes, so the seeder writes with binary COPY exactly what
/// posting writes (a MessagePosted event in a stream of its own per message, and its read-model row), and
/// <see cref="PostsThroughApi"/> more are posted through the API on top, so the newest page holds messages from the real path.
/// Then <c>GET /api/chats/{id}/messages</c> is timed: the newest page by 16 clients at once; deep pages by 16 clients each
/// walking backwards from a random depth, following <c>nextBefore</c> (keyset: the page's cost must not grow with its depth) — the
/// two in alternating rounds; and one client walking the whole conversation from the newest message to the first, checking it
/// sees every message once.
/// </summary>
public sealed class ChatPagesBenchmark(BenchOptions options)
{
    public const int Clients = 16;
    public const int PageSize = 50;
    public const int PostsThroughApi = 100;
    public const int Rounds = 3;

    public async Task<ChatPagesResult> RunAsync(CancellationToken ct)
    {
        var apiAssembly = options.RequireAssembly(options.ApiAssembly, "WellWon.Api.dll", "--api");
        await using var database = await BenchDatabase.CreateAsync(options.Postgres, "chat", ct);
        await using var api = await WellWonProcess.StartAsync(apiAssembly, [], database.ConnectionString, options.Redis, ServiceSecrets.Random(), ct);
        using var http = api.CreateClient(Clients * 2);

        var users = await IdentityClient.SignUpAsync(http, 2, ct);
        var reader = new AuthenticationHeaderValue("Bearer", users[0].AccessToken);
        Guid chat;
        using (var start = new HttpRequestMessage(HttpMethod.Post, "/api/chats/direct") { Content = JsonContent.Create(new { userId = users[1].Id }) })
        {
            start.Headers.Authorization = reader;
            using var started = await http.SendAsync(start, ct);
            await IdentityClient.EnsureAsync(started, "POST /api/chats/direct", ct);
            chat = (await started.Content.ReadFromJsonAsync<DirectChat>(ct))!.Id;
        }

        var seeding = Stopwatch.StartNew();
        await ChatSeeder.SeedAsync(database.DataSource, chat, [users[0].Id, users[1].Id], options.Scale.ChatMessages, ct);
        seeding.Stop();
        await Console.Error.WriteLineAsync($"  chat: seeded {options.Scale.ChatMessages:N0} messages in {seeding.Elapsed.TotalSeconds:N1} s; posting {PostsThroughApi} through the API");
        for (var i = 0; i < PostsThroughApi; i++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/chats/{chat}/messages")
            {
                Content = JsonContent.Create(new { text = $"Posted through the API, {i}: the truck is at the warehouse." }),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", users[i % 2].AccessToken);
            using var posted = await http.SendAsync(post, ct);
            await IdentityClient.EnsureAsync(posted, "POST /api/chats/{id}/messages", ct);
        }

        var total = options.Scale.ChatMessages + PostsThroughApi;
        var newestClients = Enumerable.Range(0, Clients).Select(_ => NewestPage(http, reader, chat)).ToList();
        var deepClients = Enumerable.Range(0, Clients).Select(i => DeepPages(http, reader, chat, total, seed: i)).ToList();
        await LoadDriver.RunAsync(newestClients, 10, BenchScale.WarmUpCap * 3, ct);
        await LoadDriver.RunAsync(deepClients, 10, BenchScale.WarmUpCap * 3, ct);
        // The two loads take turns in short rounds, so whatever else the machine does weighs on both alike.
        List<LoadResult> newestRounds = [], deepRounds = [];
        for (var round = 0; round < Rounds; round++)
        {
            newestRounds.Add(await LoadDriver.RunAsync(newestClients, options.Scale.ChatRequestsPerClient / Rounds, options.Scale.ChatCap / Rounds, ct));
            deepRounds.Add(await LoadDriver.RunAsync(deepClients, options.Scale.ChatRequestsPerClient / Rounds, options.Scale.ChatCap / Rounds, ct));
        }

        var newest = LoadResult.Combine(newestRounds);
        var deep = LoadResult.Combine(deepRounds);
        Report("newest page", newest);
        Report("deep pages", deep);

        var seen = new HashSet<long>();
        var duplicates = 0L;
        var walker = WholeWalk(http, reader, chat, seen, () => duplicates++);
        // A last full page says "more" (its nextBefore is set), so a total that divides evenly takes one empty page more.
        var pages = (int)(total / PageSize) + 1;
        var walk = await LoadDriver.RunAsync([walker], pages, TimeSpan.FromMinutes(2), ct);
        Report("whole walk", walk);
        var complete = seen.Count == total && duplicates == 0 && walk.Failures == 0;
        return new ChatPagesResult(total, seeding.Elapsed, newest, deep, walk, seen.Count, complete);
    }

    private static Operation NewestPage(HttpClient http, AuthenticationHeaderValue reader, Guid chat) => async ct =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/chats/{chat}/messages?limit={PageSize}");
        request.Headers.Authorization = reader;
        using var response = await http.SendAsync(request, ct);
        await IdentityClient.EnsureAsync(response, "GET newest page", ct);
        var page = await response.Content.ReadFromJsonAsync<Page>(ct);
        if (page?.Items.Count != PageSize)
        {
            throw new InvalidOperationException($"The newest page held {page?.Items.Count} messages, not {PageSize}.");
        }
    };

    /// <summary>Walks backwards from a random depth, page after page; back at the first message, starts again at another depth.</summary>
    private static Operation DeepPages(HttpClient http, AuthenticationHeaderValue reader, Guid chat, long total, int seed)
    {
        var random = new Random(20261125 + seed);
        long? before = null;
        return async ct =>
        {
            before ??= random.NextInt64(PageSize + 1, total + 1);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/chats/{chat}/messages?limit={PageSize}&before={before}");
            request.Headers.Authorization = reader;
            using var response = await http.SendAsync(request, ct);
            await IdentityClient.EnsureAsync(response, "GET deep page", ct);
            var page = await response.Content.ReadFromJsonAsync<Page>(ct) ?? throw new InvalidOperationException("An empty answer.");
            before = page.NextBefore;
        };
    }

    /// <summary>From the newest message to the first, one page after another; records every sequence it sees.</summary>
    private static Operation WholeWalk(HttpClient http, AuthenticationHeaderValue reader, Guid chat, HashSet<long> seen, Action duplicate)
    {
        long? before = null;
        var done = false;
        return async ct =>
        {
            if (done)
            {
                return;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/chats/{chat}/messages?limit={PageSize}{(before is null ? "" : $"&before={before}")}");
            request.Headers.Authorization = reader;
            using var response = await http.SendAsync(request, ct);
            await IdentityClient.EnsureAsync(response, "GET page of the walk", ct);
            var page = await response.Content.ReadFromJsonAsync<Page>(ct) ?? throw new InvalidOperationException("An empty answer.");
            foreach (var item in page.Items)
            {
                if (!seen.Add(item.Sequence))
                {
                    duplicate();
                }
            }

            before = page.NextBefore;
            done = before is null;
        };
    }

    private static void Report(string what, LoadResult result) =>
        Console.Error.WriteLine(
            $"  chat {what}: {result.OperationsPerSecond:N0} req/s  p50 {result.P50Ms:N1} ms  p95 {result.P95Ms:N1} ms  p99 {result.P99Ms:N1} ms  " +
            $"({result.Operations} ok, {result.Failures} failed in {result.Elapsed.TotalSeconds:N1} s)");

    private sealed record DirectChat(Guid Id);

    private sealed record PageItem(long Sequence);

    private sealed record Page(IReadOnlyList<PageItem> Items, long? NextBefore);
}
