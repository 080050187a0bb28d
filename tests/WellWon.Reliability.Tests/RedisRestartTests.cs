using Npgsql;
using WellWon.Reliability.Tests.Checks;
using WellWon.Reliability.Tests.Infrastructure;
using WellWon.Reliability.Tests.Traffic;

namespace WellWon.Reliability.Tests;

/// <summary>
/// Redis (the bus, leases, idempotency keys) restarts in the middle of the traffic: a private redis-server with AOF, stopped with
/// SIGTERM and started again on the same port and directory ~2 s later, while the Api takes commands and the worker relays and projects.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const int Users = 40;

    private const int ChangesPerUser = 100;

    private const int Clients = 16;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Redis_restart_under_traffic_loses_nothing_and_the_api_keeps_taking_commands()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        var ct = limit.Token;
        var figures = new Figures(output, "redis-restart");
        var clock = new ScenarioClock();

        await using var redis = await PrivateRedis.StartAsync(ct);
        await using var deployment = await Deployment.CreateAsync(TestInfrastructure.Postgres, redis.Endpoint, ct);
        try
        {
            var api = await deployment.StartApiAsync(ApiSettings.WorkerOwnsProjections, ct);
            var worker = await deployment.StartEventProcessorAsync(ct);
            await using var db = NpgsqlDataSource.Create(deployment.DatabaseConnectionString);
            using var traffic = new ProfileTraffic(api.BaseAddress, Clients, clock);

            // One more account than the traffic uses: the probe that sends a change with an Idempotency-Key during the outage.
            await traffic.RegisterAsync(Users + 1, probes: 1, ct);
            var probe = traffic.Users[0];
            var registered = clock.Now;
            figures.Add("services up, accounts registered", $"{Users + 1} in {Figures.Seconds(registered)}");

            const int changes = Users * ChangesPerUser;
            var load = traffic.ChangeProfilesAsync(ChangesPerUser, ct);
            await traffic.WaitForChangesAsync(changes * 3 / 10, ct);

            var acceptedBefore = traffic.ChangesAccepted;
            var stopAt = clock.Now;
            await redis.StopServerAsync();
            var down = clock.Now;
            // What a client that sends Idempotency-Key meets while Redis is away (the key is claimed in Redis before the command runs).
            var keyed = traffic.TryChangeWithIdempotencyKeyAsync(probe, ct);
            await Task.Delay(Outage, ct);
            await redis.StartServerAsync(ct);
            var up = clock.Now;
            var acceptedDuringOutage = traffic.ChangesAccepted - acceptedBefore;
            var keyedOutcome = await keyed;
            figures.Add("redis stopped (SIGTERM) and started again", $"down from {Figures.Seconds(down - registered)} to {Figures.Seconds(up - registered)} into the traffic ({Figures.Seconds(up - stopAt)} incl. shutdown and AOF load)");
            figures.Add("profile changes accepted while redis was down", $"{acceptedDuringOutage}");
            figures.Add("change with an Idempotency-Key sent while redis was down", $"{keyedOutcome.Status} {keyedOutcome.Code} after {Figures.Seconds(keyedOutcome.Latency)} (Retry-After {keyedOutcome.RetryAfter ?? "-"})");

            await load;
            var loadDone = clock.Now;
            // Both report Redis in /health: healthy again means their connections came back by themselves.
            await api.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
            await worker.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
            var caughtUp = await UserProfilesCheck.WaitCaughtUpAsync(db, TimeSpan.FromSeconds(90), ct);
            var caughtUpAt = clock.Now;
            figures.Add("traffic", $"{changes} profile changes by {Clients} clients in {Figures.Seconds(loadDone - registered)}; {caughtUp.Events} events on the account streams");
            figures.Add("caught up", $"{Figures.Seconds(caughtUpAt - up)} after redis was back, {Figures.Seconds(caughtUpAt - loadDone)} after the last change was accepted");

            var bus = await Bus.CoverageAsync(deployment, db, "identity", ct);
            figures.Add("bus (identity topic)", $"{bus}");
            var refused = traffic.Outcomes.Where(o => !o.Succeeded).GroupBy(o => $"{o.Command} {o.Status} {o.Code}").Select(g => $"{g.Count()} × {g.Key}").ToList();
            figures.Add("answers not accepted", $"{(refused.Count == 0 ? "none" : string.Join(", ", refused))}");

            Assert.True(acceptedDuringOutage > 0, "The Api accepted no profile change while Redis was down, though changes need only PostgreSQL.");
            Assert.All(traffic.Outcomes, o => Assert.True(o.Succeeded || o.IsProperUnavailable, $"{o.Command} answered {o.Status} ({o.Code}) at {o.At}."));
            // Changes need PostgreSQL only: none may be refused while Redis is away (a 503 elsewhere can come from the shared database).
            Assert.All(
                traffic.Outcomes.Where(o => o.Command == "profile" && o.At + o.Latency >= down && o.At <= up),
                o => Assert.True(o.Succeeded, $"A profile change during the Redis outage answered {o.Status} ({o.Code}) at {o.At}."));
            Assert.True(keyedOutcome.Succeeded || keyedOutcome.IsProperUnavailable,
                $"A change with an Idempotency-Key during the outage answered {keyedOutcome.Status} ({keyedOutcome.Code}, {keyedOutcome.ContentType}, Retry-After {keyedOutcome.RetryAfter}); expected success or a 503 problem with Retry-After.");
            Assert.True(keyedOutcome.Latency < TimeSpan.FromSeconds(10), $"A change with an Idempotency-Key took {keyedOutcome.Latency} to answer.");
            await UserProfilesCheck.AssertMatchesAsync(db, traffic.Users, ct);
            Assert.True(bus.Missing == 0 && bus.DeadLetters == 0, $"The bus lost or gave up on events: {bus}");

            await api.DisposeAsync();
            await worker.DisposeAsync();
            var replayed = await ReplayCheck.AssertEqualToReplayAsync(deployment, ct);
            figures.Add("replay", $"{replayed} rows equal to a replay of the log");
        }
        catch
        {
            // What the services logged is the first thing to read when a scenario fails.
            output.WriteLine(deployment.DescribeProcesses());
            throw;
        }
    }
}
