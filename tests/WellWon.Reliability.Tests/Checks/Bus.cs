using System.Globalization;
using Npgsql;
using StackExchange.Redis;
using WellWon.Reliability.Tests.Infrastructure;

namespace WellWon.Reliability.Tests.Checks;

/// <summary>The topic's events in the log against the entries the relay put on its partition streams (matched by global position).</summary>
/// <param name="Missing">Events of the log no entry carries: lost on the way to the bus (or with it).</param>
/// <param name="Republished">Entries beyond one per event: what at-least-once delivery sent again (a batch in hand when the relay died or lost Redis).</param>
public sealed record BusCoverage(long Logged, long Published, long Missing, long Republished, long DeadLetters)
{
    public override string ToString() =>
        $"{Published} entries for {Logged} events: {Missing} missing, {Republished} published again, {DeadLetters} dead letters";
}

/// <summary>What the Redis Streams bus holds for a topic, read straight from Redis.</summary>
public static class Bus
{
    public static async Task<BusCoverage> CoverageAsync(Deployment deployment, NpgsqlDataSource db, string topic, CancellationToken ct)
    {
        var logged = new HashSet<long>();
        await using (var command = db.CreateCommand("SELECT global_position FROM event_store.events WHERE event_type LIKE @topic"))
        {
            command.Parameters.AddWithValue("topic", topic + ".%");
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                logged.Add(reader.GetInt64(0));
            }
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { deployment.Redis }, ConnectTimeout = 5000 });
        var bus = redis.GetDatabase();
        var prefix = $"{deployment.RedisPrefix}bus:{topic}";
        var partitions = (int)await bus.StringGetAsync($"{prefix}:partitions");
        var published = 0L;
        var seen = new HashSet<long>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var stream = $"{prefix}:{partition.ToString(CultureInfo.InvariantCulture)}";
            RedisValue from = "-";
            while (true)
            {
                var entries = await bus.StreamRangeAsync(stream, from, "+", 1000);
                foreach (var entry in entries)
                {
                    published++;
                    seen.Add((long)entry["pos"]);
                }

                if (entries.Length < 1000)
                {
                    break;
                }

                // Exclusive start: the next page begins after the last id read.
                from = "(" + entries[^1].Id;
            }
        }

        var deadLetters = await bus.StreamLengthAsync($"{prefix}.dead-letter");
        return new BusCoverage(logged.Count, published, logged.Count(p => !seen.Contains(p)), published - seen.Count, deadLetters);
    }
}
