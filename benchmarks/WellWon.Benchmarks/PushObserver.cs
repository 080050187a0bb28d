using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using WellWon.Platform.RealTime;

namespace WellWon.Benchmarks;

/// <summary>
/// One SignalR client per signed-in user on the Api's hub, as the Web UI would hold: records when the <c>changed</c> push for each
/// appended version of the user's profile arrives, and pairs it with the append's acknowledgement.
/// </summary>
public sealed class PushObserver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(Guid User, long Version), long> _arrived = new();
    private readonly ConcurrentDictionary<(Guid User, long Version), long> _expected = new();
    private readonly List<HubConnection> _connections = [];

    public long Outstanding => _expected.Keys.Count(key => !_arrived.ContainsKey(key));

    public static async Task<PushObserver> ConnectAsync(Uri api, IEnumerable<SignedInUser> users, CancellationToken ct)
    {
        var observer = new PushObserver();
        try
        {
            foreach (var user in users)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(api, WellWonHub.Path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken))
                    .Build();
                connection.On<PushedChange>(WellWonHub.ChangedMethod, pushed =>
                {
                    // At least once: a redelivered event is pushed again; the first arrival is the one that counts.
                    if (Guid.TryParse(pushed.Change.Id, out var id))
                    {
                        observer._arrived.TryAdd((id, pushed.Change.Version), Stopwatch.GetTimestamp());
                    }
                });
                observer._connections.Add(connection);
                await connection.StartAsync(ct);
            }

            return observer;
        }
        catch
        {
            await observer.DisposeAsync();
            throw;
        }
    }

    public void Expect(Guid userId, long version, long appendedAt) => _expected[(userId, version)] = appendedAt;

    /// <summary>Waits until every expected push arrived, or the timeout passed; true when nothing is missing.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken ct)
    {
        var giveUp = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Outstanding > 0 && Stopwatch.GetTimestamp() < giveUp)
        {
            await Task.Delay(20, ct);
        }

        return Outstanding == 0;
    }

    /// <summary>The lags of the expected pushes (sorted Stopwatch ticks) and how many never arrived, forgetting both.</summary>
    public (long[] Lags, long Missing) Take()
    {
        var lags = new List<long>();
        var missing = 0L;
        foreach (var (key, appendedAt) in _expected)
        {
            if (_arrived.TryGetValue(key, out var arrivedAt))
            {
                lags.Add(Math.Max(0, arrivedAt - appendedAt));
            }
            else
            {
                missing++;
            }
        }

        _expected.Clear();
        _arrived.Clear();
        return ([.. lags.Order()], missing);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
