using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using WellWon.Identity;
using WellWon.Platform.EventStore;
using WellWon.Platform.Hosting;
using WellWon.Platform.Projections;
using WellWon.Reliability.Tests.Infrastructure;

namespace WellWon.Reliability.Tests.Checks;

/// <summary>
/// Compares <c>identity.user_profiles</c> as the event processor left it with a replay of the whole log through the production
/// projection (composed here as the worker composes it, host not started). A rebuildable projection goes through the platform's
/// <see cref="IProjectionIntegrityChecker"/> (shadow table, EXCEPT both ways); otherwise the worker's rows are set aside, every account
/// stream is folded again from its first event, and the two tables are compared row for row, every column. Run it with the
/// services stopped: it rewrites the live table.
/// </summary>
public static class ReplayCheck
{
    /// <returns>The rows compared.</returns>
    public static async Task<long> AssertEqualToReplayAsync(Deployment deployment, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{PlatformHostingExtensions.DatabaseName}"] = deployment.DatabaseConnectionString,
            [$"ConnectionStrings:{PlatformHostingExtensions.RedisName}"] = deployment.Redis,
            ["Identity:MasterKey"] = deployment.MasterKey,
        });
        builder.AddWellWonPlatform();
        builder.Services.AddIdentityReadModel();
        using var host = builder.Build();
        var projection = host.Services.GetRequiredService<ProjectionRegistry>().Find(UserProfilesCheck.Projection)
            ?? throw new InvalidOperationException($"The worker's composition has no projection '{UserProfilesCheck.Projection}'.");

        if (projection is IRebuildableProjection)
        {
            var report = await host.Services.GetRequiredService<IProjectionIntegrityChecker>().CheckAsync(projection.Name, ct);
            Assert.True(report.IsHealthy, $"The integrity check found drift: {report}");
            return report.RowsCompared;
        }

        var db = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using (var aside = db.CreateCommand("""
            CREATE TABLE identity.user_profiles_observed AS TABLE identity.user_profiles;
            TRUNCATE identity.user_profiles;
            """))
        {
            await aside.ExecuteNonQueryAsync(ct);
        }

        var heads = new List<(string Stream, long Version)>();
        await using (var command = db.CreateCommand(
            "SELECT stream_id, max(stream_version) FROM event_store.events WHERE stream_id LIKE 'identity-user-%' GROUP BY stream_id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                heads.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        // Handed only its stream's last event, the projection finds no row and folds the stream from its first event: a replay.
        var events = host.Services.GetRequiredService<IEventStore>();
        await Parallel.ForEachAsync(heads, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (head, token) =>
        {
            await foreach (var last in events.ReadStreamAsync(head.Stream, head.Version, ReadDirection.Forwards, 1, token))
            {
                await projection.ApplyAsync(last, token);
            }
        });

        await using var compare = db.CreateCommand("""
            SELECT (SELECT count(*) FROM identity.user_profiles),
                   (SELECT count(*) FROM (TABLE identity.user_profiles EXCEPT TABLE identity.user_profiles_observed) AS only_replayed),
                   (SELECT count(*) FROM (TABLE identity.user_profiles_observed EXCEPT TABLE identity.user_profiles) AS only_observed)
            """);
        await using var result = await compare.ExecuteReaderAsync(ct);
        await result.ReadAsync(ct);
        var replayed = result.GetInt64(0);
        var onlyReplayed = result.GetInt64(1);
        var onlyObserved = result.GetInt64(2);
        Assert.True(
            onlyReplayed == 0 && onlyObserved == 0,
            $"identity.user_profiles differs from a replay: {onlyReplayed} replayed rows missing or different in the worker's table, {onlyObserved} of the worker's rows not in the replay.");
        return replayed;
    }
}
