using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using WellWon.Chat.Seeding;

namespace WellWon.Chat.Tests.Benchmark;

/// <summary>Latencies of one kind of request: count, median, 99th percentile and worst, in milliseconds.</summary>
public sealed record LatencyFigures(string What, int Count, double P50, double P99, double Max)
{
    public static LatencyFigures Of(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        double At(double q) => milliseconds[Math.Clamp((int)Math.Ceiling(q * milliseconds.Count) - 1, 0, milliseconds.Count - 1)];
        return new LatencyFigures(what, milliseconds.Count, At(0.50), At(0.99), milliseconds[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{What}: n={Count} p50={P50:F2} ms p99={P99:F2} ms max={Max:F2} ms");
}

/// <summary>
/// The chat benchmark's driver: seeds a conversation with many messages (<see cref="ChatSeeder"/>, binary COPY of events and
/// read-model rows), then times pages of 50 at random depths and posts, through whatever <see cref="HttpClient"/> it is given
/// (the in-process test server here; a deployed Api works the same). Targets: page p99 &lt; 20 ms, post p99 &lt; 30 ms.
/// </summary>
public static class ChatBenchmark
{
    public static async Task<(long LastSequence, TimeSpan Took)> SeedAsync(NpgsqlDataSource db, Guid chat, IReadOnlyList<Guid> authors, int messages, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var last = await ChatSeeder.SeedAsync(db, chat, authors, messages, ct);
        return (last, watch.Elapsed);
    }

    /// <summary>GET pages of 50 before random sequences in 51..<paramref name="lastSequence"/>, after <paramref name="warmUp"/> untimed ones.</summary>
    public static async Task<LatencyFigures> PagesAsync(HttpClient member, Guid chat, long lastSequence, int count, int warmUp, CancellationToken ct)
    {
        var random = new Random(20261125);
        var timings = new List<double>(count);
        for (var i = 0; i < warmUp + count; i++)
        {
            var before = random.NextInt64(51, lastSequence + 1);
            var started = Stopwatch.GetTimestamp();
            using var response = await member.GetAsync($"/api/chats/{chat}/messages?before={before}&limit=50", ct);
            await response.Content.LoadIntoBufferAsync(ct);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"A page answered {(int)response.StatusCode}.");
            }

            if (i >= warmUp)
            {
                timings.Add(elapsed);
            }
        }

        return LatencyFigures.Of("page of 50", timings);
    }

    /// <summary>POSTs <paramref name="count"/> messages one after another, after <paramref name="warmUp"/> untimed ones.</summary>
    public static async Task<LatencyFigures> PostsAsync(HttpClient member, Guid chat, int count, int warmUp, CancellationToken ct)
    {
        var timings = new List<double>(count);
        for (var i = 0; i < warmUp + count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await member.PostAsJsonAsync($"/api/chats/{chat}/messages", new { text = $"Benchmark message {i}: customs cleared, truck booked." }, ct);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"A post answered {(int)response.StatusCode}.");
            }

            if (i >= warmUp)
            {
                timings.Add(elapsed);
            }
        }

        return LatencyFigures.Of("post", timings);
    }
}
