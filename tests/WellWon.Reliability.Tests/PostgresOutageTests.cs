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
        try
        {
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
            await Task.Delay(Outage / 2, ct);
            // Besides the changes: a sign-in, a registration and a query meet the outage too.
            var someone = traffic.Users[0];
            var probes = await Task.WhenAll(
                traffic.ProbeAsync("login", HttpMethod.Post, "/api/auth/login", new { email = someone.Email, password = ProfileTraffic.Password }, null, ct),
                traffic.ProbeAsync("register", HttpMethod.Post, "/api/auth/register",
                    new { email = $"late.{Guid.NewGuid():N}@reliability.wellwon.test", password = ProfileTraffic.Password, firstName = "Late", lastName = "Comer" }, null, ct),
                traffic.ProbeAsync("me", HttpMethod.Get, "/api/auth/me", null, someone, ct));
            await Task.Delay(Outage - (clock.Now - down), ct);
            await postgres.StartServerAsync(ct);
            var up = clock.Now;
            var resumed = UserProfilesCheck.WaitForProgressAsync(db, TimeSpan.FromSeconds(60), ct).ContinueWith(_ => clock.Now, ct, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            figures.Add("postgres stopped and started again", $"down from {Figures.Seconds(down - registered)} to {Figures.Seconds(up - registered)} into the traffic (stop took {Figures.Seconds(down - stopAt)}, start {Figures.Seconds(up - down - Outage)})");

            await load;
            var loadDone = clock.Now;
            var resumedAt = await resumed;
            await api.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
            await worker.WaitHealthyAsync(TimeSpan.FromSeconds(30), ct);
            var caughtUp = await UserProfilesCheck.WaitCaughtUpAsync(db, TimeSpan.FromSeconds(90), ct);
            var caughtUpAt = clock.Now;

            var outcomes = traffic.Outcomes.ToList();
            var failures = outcomes.Where(o => !o.Succeeded).ToList();
            var unavailable = failures.Count(o => o.IsProperUnavailable);
            var firstAcceptedAfter = outcomes.Where(o => o.Succeeded && o.At >= up).Select(o => o.At + o.Latency).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            var lastFailure = failures.Select(o => o.At + o.Latency).DefaultIfEmpty(down).Max();
            // Registration (password hashing) is done before the outage; the changes are the traffic that meets it.
            var slowest = outcomes.Where(o => o.Command == "profile").MaxBy(o => o.Latency)!;
            var slowestRefusal = failures.MaxBy(o => o.Latency);
            figures.Add("answers during the outage", $"{failures.Count} not accepted: {unavailable} × 503 problem+json with Retry-After, others: {string.Join(", ", failures.Where(o => !o.IsProperUnavailable).GroupBy(o => $"{o.Status} {o.Code}").Select(g => $"{g.Count()} × {g.Key}"))}");
            figures.Add("sign-in, registration, query during the outage", $"{string.Join(", ", probes.Select(p => $"{p.Command} {p.Status} {p.Code} in {Figures.Seconds(p.Latency)}"))}");
            figures.Add("slowest answer to a change", $"{Figures.Seconds(slowest.Latency)} ({slowest.Status} at {Figures.Seconds(slowest.At - registered)} into the traffic); slowest refusal {(slowestRefusal is null ? "-" : Figures.Seconds(slowestRefusal.Latency))}");
            figures.Add("api recovery", $"postgres back at {Figures.Seconds(up - registered)} into the traffic, last refusal answered at {Figures.Seconds(lastFailure - registered)}, first change accepted after it at {Figures.Seconds(firstAcceptedAfter - registered)} ({Figures.Seconds(firstAcceptedAfter - up)} after postgres was back)");
            figures.Add("traffic", $"{changes} profile changes by {Clients} clients in {Figures.Seconds(loadDone - registered)}; {caughtUp.Events} events on the account streams");
            figures.Add("worker caught up", $"projecting again {Figures.Seconds(resumedAt - up)} after postgres was back; caught up {Figures.Seconds(caughtUpAt - up)} after postgres was back, {Figures.Seconds(caughtUpAt - loadDone)} after the last change was accepted");

            var bus = await Bus.CoverageAsync(deployment, db, "identity", ct);
            figures.Add("bus (identity topic)", $"{bus}");

            Assert.True(unavailable > 0, "No command was refused with 503 while PostgreSQL was down; did the outage happen?");
            Assert.All(failures, o => Assert.True(o.IsProperUnavailable,
                $"{o.Command} answered {o.Status} ({o.Code}, {o.ContentType ?? "no body"}, Retry-After {o.RetryAfter ?? "-"}) at {o.At}: an outage must answer 503 problem+json with Retry-After."));
            Assert.True(slowest.Latency < LongestAnswer, $"A profile change took {slowest.Latency} to answer {slowest.Status} at {slowest.At}.");
            Assert.All(probes, p => Assert.True(p.IsProperUnavailable && p.Latency < LongestAnswer, $"{p.Command} during the outage answered {p.Status} ({p.Code}) in {p.Latency}."));
            Assert.True(firstAcceptedAfter - up < TimeSpan.FromSeconds(15), $"The first change after the restart was accepted {firstAcceptedAfter - up} after it.");
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
