using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>
/// Watches <c>identity.user_profiles</c> for the versions the benchmark appended: polls the watched rows every couple of
/// milliseconds and, for each appended version a row has reached, records the time from the append's acknowledgement to the poll.
/// </summary>
public sealed class ProjectionObserver(NpgsqlDataSource dataSource, IReadOnlyCollection<Guid> userIds) : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<(long Version, long AppendedAt)>> _pending =
        new(userIds.Select(id => KeyValuePair.Create(id, new ConcurrentQueue<(long, long)>())));

    private readonly ConcurrentBag<long> _lags = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _polling;
    private long _outstanding;
    private long _lastSeenAt;

    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>When the last expected version was seen (Stopwatch ticks).</summary>
    public long LastSeenAt => Interlocked.Read(ref _lastSeenAt);

    public void Start() => _polling = Task.Run(() => PollAsync(_stop.Token));

    /// <summary>The stream of <paramref name="userId"/> reached <paramref name="version"/>, acknowledged at <paramref name="appendedAt"/>.</summary>
    public void Expect(Guid userId, long version, long appendedAt)
    {
        Interlocked.Increment(ref _outstanding);
        _pending[userId].Enqueue((version, appendedAt));
    }

    /// <summary>Waits until every expected version was seen, or the timeout passed; true when nothing is left.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken ct)
    {
        var giveUp = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Outstanding > 0 && Stopwatch.GetTimestamp() < giveUp)
        {
            await Task.Delay(10, ct);
        }

        return Outstanding == 0;
    }

    /// <summary>The lags seen so far (sorted Stopwatch ticks), forgetting them.</summary>
    public long[] TakeLags()
    {
        var lags = new List<long>();
        while (_lags.TryTake(out var lag))
        {
            lags.Add(lag);
        }

        return [.. lags.Order()];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_polling is not null)
        {
            try
            {
                await _polling;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken ct)
    {
        var ids = _pending.Keys.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT id, version FROM identity.user_profiles WHERE id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        await command.PrepareAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // The poll's start bounds when the rows it returns became visible: a lag is never counted short by the query's own time.
            var polledAt = Stopwatch.GetTimestamp();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var queue = _pending[reader.GetGuid(0)];
                    var version = reader.GetInt64(1);
                    while (queue.TryPeek(out var expected) && expected.Version <= version && queue.TryDequeue(out expected))
                    {
                        _lags.Add(Math.Max(0, polledAt - expected.AppendedAt));
                        Interlocked.Exchange(ref _lastSeenAt, polledAt);
                        Interlocked.Decrement(ref _outstanding);
                    }
                }
            }

            await Task.Delay(PollInterval, ct);
        }
    }
}
