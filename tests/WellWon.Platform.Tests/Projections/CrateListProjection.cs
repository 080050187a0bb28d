using Npgsql;
using WellWon.Platform.EventStore;
using WellWon.Platform.Projections;

namespace WellWon.Platform.Tests.Projections;

/// <summary>
/// A read model of crate labels. Each row remembers the stream version it reflects, and the upsert only wins with a newer
/// version, so an event applied twice or late changes nothing.
/// </summary>
[SyncProjection]
public sealed class CrateListProjection(NpgsqlDataSource db) : IProjection
{
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS crate_list (
            crate_id   uuid PRIMARY KEY,
            label      text   NOT NULL,
            version    bigint NOT NULL,
            position   bigint NOT NULL
        )
        """;

    private const string Upsert = """
        INSERT INTO crate_list (crate_id, label, version, position)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (crate_id) DO UPDATE
            SET label = excluded.label, version = excluded.version, position = excluded.position
            WHERE crate_list.version < excluded.version
        """;

    public string Name => "test.crate-list";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "test.crate-registered.v1", "test.crate-relabelled.v1" };

    public async Task ApplyAsync(RecordedEvent e, CancellationToken ct)
    {
        await using var command = db.CreateCommand(Upsert);
        command.Parameters.Add(new NpgsqlParameter { Value = e.Data.GetProperty("crateId").GetGuid() });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Data.GetProperty("label").GetString()! });
        command.Parameters.Add(new NpgsqlParameter { Value = e.StreamVersion });
        command.Parameters.Add(new NpgsqlParameter { Value = e.GlobalPosition });
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<(string Label, long Version)?> FindAsync(NpgsqlDataSource db, Guid crateId, CancellationToken ct)
    {
        await using var command = db.CreateCommand("SELECT label, version FROM crate_list WHERE crate_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = crateId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }
}

/// <summary>A sync projection that always fails, to show a failure never fails the save.</summary>
[SyncProjection]
public sealed class BrokenProjection : IProjection
{
    public string Name => "test.broken";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "test.crate-registered.v1" };

    public Task ApplyAsync(RecordedEvent e, CancellationToken ct) => throw new InvalidOperationException("The read model table is gone.");
}

/// <summary>A sync projection that takes far longer than the budget and ignores its token.</summary>
[SyncProjection]
public sealed class StuckProjection : IProjection
{
    public string Name => "test.stuck";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "test.crate-relabelled.v1" };

    public Task ApplyAsync(RecordedEvent e, CancellationToken ct) => Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
}

/// <summary>An async projection: the worker runs it, never the Api after a save.</summary>
public sealed class CrateWeightProjection : IProjection
{
    private int _applied;

    public int Applied => _applied;

    public string Name => "test.crate-weights";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "test.crate-registered.v1", "test.crate-loaded.v1" };

    public Task ApplyAsync(RecordedEvent e, CancellationToken ct)
    {
        Interlocked.Increment(ref _applied);
        return Task.CompletedTask;
    }
}
