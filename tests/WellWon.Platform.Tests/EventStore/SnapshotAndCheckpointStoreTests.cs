using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.EventStore;
using WellWon.Platform.Tests.Infrastructure;

namespace WellWon.Platform.Tests.EventStore;

public sealed class SnapshotAndCheckpointStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly ISnapshotStore _snapshots = database.Services.GetRequiredService<ISnapshotStore>();
    private readonly ICheckpointStore _checkpoints = database.Services.GetRequiredService<ICheckpointStore>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_snapshot_never_moves_back_to_an_older_version()
    {
        var stream = TestEvents.Stream("snapshotted");
        Assert.Null(await _snapshots.LoadAsync(stream, Ct));

        await _snapshots.SaveAsync(stream, Snapshot(10, "shipment.v1", "ten"), Ct);
        await _snapshots.SaveAsync(stream, Snapshot(20, "shipment.v1", "twenty"), Ct);
        await _snapshots.SaveAsync(stream, Snapshot(15, "shipment.v1", "fifteen, written late"), Ct);

        var loaded = await _snapshots.LoadAsync(stream, Ct);
        Assert.NotNull(loaded);
        Assert.Equal(20, loaded.Version);
        Assert.Equal("twenty", loaded.State.GetProperty("note").GetString());

        // A new state shape at the same version replaces the old one, so a changed aggregate stops replaying from zero.
        await _snapshots.SaveAsync(stream, Snapshot(20, "shipment.v2", "twenty, new shape"), Ct);
        Assert.Equal("shipment.v2", (await _snapshots.LoadAsync(stream, Ct))!.StateType);
    }

    [Fact]
    public async Task Concurrent_snapshot_saves_keep_the_newest()
    {
        var stream = TestEvents.Stream("snapshotted");
        await Task.WhenAll(Enumerable.Range(1, 30).Select(v => _snapshots.SaveAsync(stream, Snapshot(v, "s", $"v{v}"), Ct)));

        Assert.Equal(30, (await _snapshots.LoadAsync(stream, Ct))!.Version);
    }

    [Fact]
    public async Task A_checkpoint_round_trips_and_starts_at_the_beginning()
    {
        Assert.Equal(LogPosition.Start, await _checkpoints.LoadAsync("never-saved", Ct));

        var far = new LogPosition((ulong)uint.MaxValue * 3 + 17, 123_456_789_012);
        await _checkpoints.SaveAsync("relay", new LogPosition(5, 9), Ct);
        await _checkpoints.SaveAsync("relay", far, Ct);
        await _checkpoints.SaveAsync("projection", new LogPosition(7, 1), Ct);

        Assert.Equal(far, await _checkpoints.LoadAsync("relay", Ct));
        Assert.Equal(new LogPosition(7, 1), await _checkpoints.LoadAsync("projection", Ct));

        // A rebuild starts over on purpose.
        await _checkpoints.SaveAsync("relay", LogPosition.Start, Ct);
        Assert.Equal(LogPosition.Start, await _checkpoints.LoadAsync("relay", Ct));
    }

    private static StoredSnapshot Snapshot(long version, string type, string note) =>
        new(version, type, JsonSerializer.SerializeToElement(new { note }));
}
