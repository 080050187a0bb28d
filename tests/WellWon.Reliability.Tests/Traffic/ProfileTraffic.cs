using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WellWon.Reliability.Tests.Traffic;

/// <summary>A user the traffic registered, and what its profile must read once every accepted change is projected.</summary>
public sealed class TrafficUser(int number, Guid id, string email, string accessToken, bool probe)
{
    public int Number { get; } = number;

    /// <summary>Left out of the steady traffic, for the scenario's one-off requests.</summary>
    public bool Probe { get; } = probe;

    public Guid Id { get; } = id;

    public string Email { get; } = email;

    public string AccessToken { get; } = accessToken;

    public string FirstName { get; set; } = ProfileTraffic.InitialFirstName(number);

    public string LastName { get; set; } = ProfileTraffic.InitialLastName(number);

    public string? Bio { get; set; }

    public string? Phone { get; set; }

    public int Changes { get; set; }
}

/// <summary>One HTTP answer (or the lack of one: status 0 for a transport error, -1 for a client timeout) at a time on the scenario clock.</summary>
public sealed record CommandOutcome(TimeSpan At, string Command, int Status, TimeSpan Latency, string? ContentType, string? RetryAfter, string? Code)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public bool IsProperUnavailable =>
        Status == (int)HttpStatusCode.ServiceUnavailable && ContentType == "application/problem+json" && RetryAfter is { Length: > 0 };
}

/// <summary>
/// Load through the Api as clients produce it: <see cref="RegisterAsync"/> opens accounts (register, then sign in), then
/// <see cref="ChangeProfilesAsync"/> has a fixed number of concurrent clients PATCH /api/auth/profile, each client owning a share of
/// the users and changing them one after another (round robin), so each user's changes arrive in a known order and the expected
/// final profile is known. A change that is not accepted (503, a transport error) is retried, as a client would, every
/// <see cref="RetryDelay"/>: the outcome of every attempt is recorded for the scenario's figures.
/// </summary>
public sealed class ProfileTraffic : IDisposable
{
    public const string Password = "Reliable-Battery-Staple-42";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly ScenarioClock _clock;
    private readonly int _clients;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<CommandOutcome> _outcomes = new();
    private readonly List<TrafficUser> _users = [];
    private long _changesAccepted;

    public ProfileTraffic(Uri api, int clients, ScenarioClock clock)
    {
        _clients = clients;
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = api,
            // Longer than any answer should take: a request that runs into it is a hang, and is recorded as one (status -1).
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(250);

    public IReadOnlyList<TrafficUser> Users => _users;

    public long ChangesAccepted => Interlocked.Read(ref _changesAccepted);

    public IReadOnlyCollection<CommandOutcome> Outcomes => _outcomes;

    internal static string InitialFirstName(int number) => $"First{number}";

    internal static string InitialLastName(int number) => $"Last{number}";

    /// <summary>Registers and signs in <paramref name="count"/> users, <c>clients</c> at a time; the first <paramref name="probes"/> are probes.</summary>
    public async Task RegisterAsync(int count, int probes, CancellationToken ct)
    {
        var users = new TrafficUser[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = _clients, CancellationToken = ct },
            async (number, token) =>
            {
                var email = $"user{number}.{_run}@reliability.wellwon.test";
                using var registered = await SendUntilAcceptedAsync(
                    "register",
                    () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/register")
                    {
                        Content = JsonContent.Create(new { email, password = Password, firstName = InitialFirstName(number), lastName = InitialLastName(number) }, options: Json),
                    },
                    token);
                var id = (await registered.Content.ReadFromJsonAsync<RegisteredBody>(Json, token))!.Id;
                using var signedIn = await SendUntilAcceptedAsync(
                    "login",
                    () => new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password = Password }, options: Json) },
                    token);
                var token2 = (await signedIn.Content.ReadFromJsonAsync<TokensBody>(Json, token))!.AccessToken;
                users[number] = new TrafficUser(number, id, email, token2, number < probes);
            });
        _users.AddRange(users);
    }

    /// <summary>Every user gets <paramref name="changesPerUser"/> profile changes; returns when all were accepted.</summary>
    public Task ChangeProfilesAsync(int changesPerUser, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, _clients).Select(client => Task.Run(
            async () =>
            {
                var mine = _users.Where(u => !u.Probe && u.Number % _clients == client).ToList();
                for (var round = 0; round < changesPerUser; round++)
                {
                    foreach (var user in mine)
                    {
                        await ChangeProfileAsync(user, ct);
                    }
                }
            },
            ct)));

    /// <summary>Waits until at least <paramref name="count"/> profile changes were accepted.</summary>
    public async Task WaitForChangesAsync(long count, CancellationToken ct)
    {
        while (ChangesAccepted < count)
        {
            await Task.Delay(50, ct);
        }
    }

    /// <summary>
    /// One attempt, not retried, of a profile change of a probe user carrying an Idempotency-Key (which the Api keeps in Redis):
    /// what a client using keys meets. The expected profile follows when the change is accepted.
    /// </summary>
    public async Task<CommandOutcome> TryChangeWithIdempotencyKeyAsync(TrafficUser probe, CancellationToken ct)
    {
        if (!probe.Probe)
        {
            throw new ArgumentException("Only a probe user's changes may be sent alongside the traffic.", nameof(probe));
        }

        var patch = NextChange(probe, out var apply);
        using var request = ProfileRequest(probe, patch);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var (outcome, response) = await SendOnceAsync("profile+idempotency-key", request, ct);
        response?.Dispose();
        if (outcome.Succeeded)
        {
            apply();
            probe.Changes++;
        }

        return outcome;
    }

    /// <summary>
    /// One attempt, not retried, of a request outside the steady traffic (a sign-in, a registration, a query) that must not change
    /// anything the traffic tracks: sent to see how the Api answers it at that moment.
    /// </summary>
    public async Task<CommandOutcome> ProbeAsync(string command, HttpMethod method, string path, object? body, TrafficUser? signedIn, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        if (signedIn is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", signedIn.AccessToken);
        }

        var (outcome, response) = await SendOnceAsync(command, request, ct);
        response?.Dispose();
        return outcome;
    }

    public void Dispose() => _http.Dispose();

    private async Task ChangeProfileAsync(TrafficUser user, CancellationToken ct)
    {
        var patch = NextChange(user, out var apply);
        using var response = await SendUntilAcceptedAsync("profile", () => ProfileRequest(user, patch), ct);
        apply();
        user.Changes++;
        Interlocked.Increment(ref _changesAccepted);
    }

    /// <summary>The user's next change: one field in turn, so a change lost or applied out of order leaves a visibly stale field.</summary>
    private static ProfilePatch NextChange(TrafficUser user, out Action apply)
    {
        var n = user.Number;
        var k = user.Changes;
        switch (k % 4)
        {
            case 0:
                var first = $"First{n}-{k}";
                apply = () => user.FirstName = first;
                return new ProfilePatch(FirstName: first);
            case 1:
                var last = $"Last{n}-{k}";
                apply = () => user.LastName = last;
                return new ProfilePatch(LastName: last);
            case 2:
                var bio = $"Bio of user {n}, revision {k}";
                apply = () => user.Bio = bio;
                return new ProfilePatch(Bio: bio);
            default:
                var phone = string.Create(CultureInfo.InvariantCulture, $"+49 30 {n:D4} {k:D4}");
                apply = () => user.Phone = phone;
                return new ProfilePatch(Phone: phone);
        }
    }

    private static HttpRequestMessage ProfileRequest(TrafficUser user, ProfilePatch patch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, "/api/auth/profile") { Content = JsonContent.Create(patch, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        return request;
    }

    private async Task<HttpResponseMessage> SendUntilAcceptedAsync(string command, Func<HttpRequestMessage> create, CancellationToken ct)
    {
        while (true)
        {
            using var request = create();
            var (outcome, response) = await SendOnceAsync(command, request, ct);
            if (outcome.Succeeded)
            {
                return response!;
            }

            response?.Dispose();
            if (outcome.Status is >= 400 and < 500 and not 409 and not 429)
            {
                // The request itself is wrong; retrying cannot help.
                throw new InvalidOperationException($"{command} was refused with {outcome.Status} ({outcome.Code}).");
            }

            await Task.Delay(RetryDelay, ct);
        }
    }

    private async Task<(CommandOutcome Outcome, HttpResponseMessage? Response)> SendOnceAsync(string command, HttpRequestMessage request, CancellationToken ct)
    {
        var at = _clock.Now;
        var started = Stopwatch.GetTimestamp();
        CommandOutcome outcome;
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, ct);
            string? code = null;
            if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                code = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            }

            outcome = new CommandOutcome(
                at, command, (int)response.StatusCode, Stopwatch.GetElapsedTime(started),
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.ToString(),
                code);
        }
        catch (HttpRequestException e)
        {
            outcome = new CommandOutcome(at, command, 0, Stopwatch.GetElapsedTime(started), null, null, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            outcome = new CommandOutcome(at, command, -1, Stopwatch.GetElapsedTime(started), null, null, "client-timeout");
        }

        _outcomes.Enqueue(outcome);
        return (outcome, response);
    }

    private sealed record ProfilePatch(string? FirstName = null, string? LastName = null, string? Bio = null, string? Phone = null);

    private sealed record RegisteredBody(Guid Id);

    private sealed record TokensBody(string AccessToken);
}
