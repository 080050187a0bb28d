using Npgsql;
using WellWon.Reliability.Tests.Checks;
using WellWon.Reliability.Tests.Infrastructure;
using WellWon.Reliability.Tests.Traffic;

namespace WellWon.Reliability.Tests;

/// <summary>The event processor dies without warning (SIGKILL) in the middle of the traffic and is started again.</summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class EventProcessorCrashTests(ITestOutputHelper output)
{
    // Few accounts with many changes each: registering and signing in cost a password hash each (~0.1-0.2 s of CPU), a change does not.
    private const int Users = 50;

    // Per account: created, signed in, 198 changes: 50 × 200 = 10,000 events on the account streams.
    private const int ChangesPerUser = 198;

    private const int Clients = 16;

    [Fact]
    public async Task Killed_event_processor_restarts_and_projects_every_account_exactly_once_at_its_last_version()
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        var ct = limit.Token;
        var figures = new Figures(output, "worker-kill");
        var clock = new ScenarioClock();

        await using var deployment = await Deployment.CreateAsync(TestInfrastructure.Postgres, TestInfrastructure.Redis, ct);
        try
        {
            var api = await deployment.StartApiAsync(ApiSettings.WorkerOwnsProjections, ct);
            var worker = await deployment.StartEventProcessorAsync(ct);
            await using var db = NpgsqlDataSource.Create(deployment.DatabaseConnectionString);
            using var traffic = new ProfileTraffic(api.BaseAddress, Clients, clock);
            figures.Add("services up", $"{Figures.Seconds(clock.Now)}");

            await traffic.RegisterAsync(Users, probes: 0, ct);
            var registered = clock.Now;
            figures.Add("accounts registered and signed in", $"{Users} in {Figures.Seconds(registered)}");

            const int changes = Users * ChangesPerUser;
            var load = traffic.ChangeProfilesAsync(ChangesPerUser, ct);

            await traffic.WaitForChangesAsync(changes * 3 / 10, ct);
            var atKill = await UserProfilesCheck.ReadAsync(db, ct);
            worker.Kill();
            var killedAt = clock.Now;
            figures.Add("event processor killed (SIGKILL)", $"at {Figures.Seconds(killedAt - registered)} into the traffic; read model then: {atKill}");

            await traffic.WaitForChangesAsync(changes * 6 / 10, ct);
            var atRestart = await UserProfilesCheck.ReadAsync(db, ct);
            var restartAt = clock.Now;
            worker = await deployment.StartEventProcessorAsync(ct);
            figures.Add("event processor restarted", $"after {Figures.Seconds(restartAt - killedAt)} down (healthy {Figures.Seconds(clock.Now - restartAt)} later); read model then: {atRestart}");

            await load;
            var loadDone = clock.Now;
            var caughtUp = await UserProfilesCheck.WaitCaughtUpAsync(db, TimeSpan.FromSeconds(90), ct);
            var caughtUpAt = clock.Now;
            var rate = changes / (loadDone - registered).TotalSeconds;
            figures.Add("traffic", $"{changes} profile changes by {Clients} clients in {Figures.Seconds(loadDone - registered)} ({rate:0} changes/s)");
            figures.Add("events on the account streams", $"{caughtUp.Events}");
            figures.Add("caught up", $"{Figures.Seconds(caughtUpAt - restartAt)} after the restart, {Figures.Seconds(caughtUpAt - loadDone)} after the last change was accepted");

            var bus = await Bus.CoverageAsync(deployment, db, "identity", ct);
            figures.Add("bus (identity topic)", $"{bus}");
            var refused = traffic.Outcomes.Where(o => !o.Succeeded).GroupBy(o => $"{o.Command} {o.Status} {o.Code}").Select(g => $"{g.Count()} × {g.Key}").ToList();
            figures.Add("answers not accepted", $"{(refused.Count == 0 ? "none" : string.Join(", ", refused))}");

            Assert.True(atRestart.Current <= atKill.Current + atKill.Accounts / 10,
                $"While the event processor was down the read model went from {atKill} to {atRestart}: something else is projecting, so this test would prove nothing about the worker.");
            // The Api is not disturbed here; a 503 can only come from the shared database being saturated by other tests, and the
            // traffic retries it. Anything else (a 500, a dropped connection, a hang) is a failure.
            Assert.All(traffic.Outcomes, o => Assert.True(o.Succeeded || o.IsProperUnavailable, $"{o.Command} answered {o.Status} ({o.Code}) at {o.At}."));
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
