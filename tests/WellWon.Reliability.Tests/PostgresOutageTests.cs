using Npgsql;
using WellWon.Reliability.Tests.Checks;
using WellWon.Reliability.Tests.Infrastructure;
using WellWon.Reliability.Tests.Traffic;

namespace WellWon.Reliability.Tests;

/// <summary>
/// PostgreSQL (the event store and the read models) stops for 10 s under traffic: a private cluster, stopped with pg_ctl (fast) and
/// started again on the same port and data, while the Api and the worker keep running and are never restarted.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private const int Users = 40;

    private const int ChangesPerUser = 100;

    private const int Clients = 16;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    // "Not a hang": every answer, the 503s included, within this.
    private static readonly TimeSpan LongestAnswer = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Database_outage_answers_503_with_retry_after_and_api_and_worker_recover_without_restart()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        var ct = limit.Token;
        var figures = new Figures(output, "postgres-stop");
        var clock = new ScenarioClock();

        await using var postgres = await PrivatePostgres.StartAsync(ct);
        await using var deployment = await Deployment.CreateAsync(postgres.ConnectionString, TestInfrastructure.Redis, ct);
        var api = await deployment.StartApiAsync(ApiSettings.WorkerOwnsProjections, ct);
        var worker = await deployment.StartEventProcessorAsync(ct);
        await using var db = NpgsqlDataSource.Create(deployment.DatabaseConnectionString);
        using var traffic = new ProfileTraffic(api.BaseAddress, Clients, clock);

        await traffic.RegisterAsync(Users, probes: 0, ct);
        var registered = clock.Now;
        figures.Add("private cluster and services up, accounts registered", $"{Users} in {Figures.Seconds(registered)}");

        const int changes = Users * ChangesPerUser;
        var load = traffic.ChangeProfilesAsync(ChangesPerUser, ct);
        await traffic.WaitForChangesAsync(changes / 4, ct);

        var stopAt = clock.Now;
        await postgres.StopServerAsync(ct);
        var down = clock.Now;
        await Task.Delay(Outage, ct);
        await postgres.StartServerAsync(ct);
        var up = clock.Now;
        figures.Add("postgres stopped and started again", $"down from {Figures.Seconds(down - registered)} to {Figures.Seconds(up - registered)} into the traffic (stop took {Figures.Seconds(down - stopAt)}, start {Figures.Seconds(up - down - Outage)})");

        await load;
        var loadDone = clock.Now;
        await api.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
        await worker.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
        var caughtUp = await UserProfilesCheck.WaitCaughtUpAsync(db, TimeSpan.FromSeconds(90), ct);
        var caughtUpAt = clock.Now;

        var outcomes = traffic.Outcomes.ToList();
        var failures = outcomes.Where(o => !o.Succeeded).ToList();
        var unavailable = failures.Count(o => o.IsProperUnavailable);
        var firstAcceptedAfter = outcomes.Where(o => o.Succeeded && o.At >= up).Select(o => o.At + o.Latency).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var lastFailure = failures.Select(o => o.At + o.Latency).DefaultIfEmpty(down).Max();
        var slowest = outcomes.MaxBy(o => o.Latency)!;
        figures.Add("answers during the outage", $"{failures.Count} not accepted: {unavailable} × 503 problem+json with Retry-After, others: {string.Join(", ", failures.Where(o => !o.IsProperUnavailable).GroupBy(o => $"{o.Status} {o.Code}").Select(g => $"{g.Count()} × {g.Key}"))}");
        figures.Add("slowest answer", $"{Figures.Seconds(slowest.Latency)} ({slowest.Command} {slowest.Status} at {Figures.Seconds(slowest.At - registered)} into the traffic)");
        figures.Add("api recovery", $"first change accepted {Figures.Seconds(firstAcceptedAfter - up)} after postgres was back; last refusal {Figures.Seconds(lastFailure - up)} after it");
        figures.Add("traffic", $"{changes} profile changes by {Clients} clients in {Figures.Seconds(loadDone - registered)}; {caughtUp.Events} events on the account streams");
        figures.Add("worker caught up", $"{Figures.Seconds(caughtUpAt - up)} after postgres was back, {Figures.Seconds(caughtUpAt - loadDone)} after the last change was accepted");

        Assert.True(unavailable > 0, "No command was refused with 503 while PostgreSQL was down; did the outage happen?");
        Assert.All(failures, o => Assert.True(o.IsProperUnavailable,
            $"{o.Command} answered {o.Status} ({o.Code}, {o.ContentType ?? "no body"}, Retry-After {o.RetryAfter ?? "-"}) at {o.At}: an outage must answer 503 problem+json with Retry-After."));
        Assert.True(slowest.Latency < LongestAnswer, $"{slowest.Command} took {slowest.Latency} to answer {slowest.Status} at {slowest.At}.");
        Assert.True(firstAcceptedAfter - up < TimeSpan.FromSeconds(15), $"The first change after the restart was accepted {firstAcceptedAfter - up} after it.");
        await UserProfilesCheck.AssertMatchesAsync(db, traffic.Users, ct);
        Assert.Equal(0, await DeadLetters.CountAsync(deployment, "identity"));

        await api.DisposeAsync();
        await worker.DisposeAsync();
        var replayed = await ReplayCheck.AssertEqualToReplayAsync(deployment, ct);
        figures.Add("replay", $"{replayed} rows equal to a replay of the log");
    }
}
