using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Tests;

/// <summary>Replays of a read model from its log into fresh copies of its table, compared with the live rows.</summary>
internal static class ProjectionReplays
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Applies the projection's events of <paramref name="log"/> in order (seed 0), then shuffled with repeats (seeds 1 …), each run into a
    /// fresh copy of its table, and asserts every copy holds the live table's rows selected by <paramref name="where"/> (with <c>$1</c> =
    /// <paramref name="key"/>): at-least-once delivery in any order rebuilds the same read model.
    /// </summary>
    public static async Task AssertSameRowsAsync(IRebuildableProjection projection, NpgsqlDataSource db, IReadOnlyList<RecordedEvent> log, string where, object key, int runs = 5)
    {
        var delivered = log.Where(e => projection.EventTypes.Contains(e.EventType)).ToList();
        for (var seed = 0; seed < runs; seed++)
        {
            var random = new Random(seed);
            var copy = projection.Table.WithSuffix($"__r{Guid.NewGuid():N}"[..10]);
            await projection.CreateTableAsync(copy, Ct);
            foreach (var e in seed == 0 ? delivered : [.. delivered.Concat(delivered.Where(_ => random.Next(2) == 0)).OrderBy(_ => random.Next())])
            {
                await projection.ApplyAsync(e, copy, Ct);
            }

            Assert.Equal(await RowsAsync(db, projection.Table, where, key), await RowsAsync(db, copy, where, key));
        }
    }

    /// <summary>The rows of <paramref name="table"/> selected by <paramref name="where"/> (<c>$1</c> = <paramref name="key"/>), each as text, in order.</summary>
    public static async Task<List<string>> RowsAsync(NpgsqlDataSource db, ProjectionTable table, string where, object key)
    {
        await using var select = db.CreateCommand($"SELECT t::text FROM {table} t WHERE {where} ORDER BY 1");
        select.Parameters.Add(new NpgsqlParameter { Value = key });
        var rows = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
