using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.RedisStreams;

/// <summary>The Redis Streams transport, bound from <c>Messaging:RedisStreams</c>.</summary>
public sealed class RedisStreamsOptions
{
    public const string SectionName = "Messaging:RedisStreams";

    /// <summary>Prefix of every key the transport writes (streams, leases, members).</summary>
    public string KeyPrefix { get; set; } = "wellwon:bus:";

    /// <summary>
    /// Streams per topic; a key always maps to the same one. Publishers and consumers of a topic must agree: the count is recorded in
    /// Redis on first use and a process configured otherwise refuses to start, since changing it would reorder a key's messages.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>Approximate cap on entries per partition stream (<c>XADD MAXLEN ~</c>); null keeps everything. Trimming can drop
    /// messages a slow group has not read yet, so size it well above the largest expected backlog.</summary>
    public long? MaxLength { get; set; }

    /// <summary>Entries read per partition and poll.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Keys of one batch handled at the same time (each key's messages stay sequential).</summary>
    public int MaxConcurrentKeys { get; set; } = 16;

    /// <summary>Polling back-off when a partition is idle (the multiplexer cannot block on XREADGROUP): from min, doubling, up to max.</summary>
    public TimeSpan PollMinDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Handler calls within one delivery before the delivery counts as failed.</summary>
    public int HandlerAttempts { get; set; } = 3;

    /// <summary>
    /// Wait after the first failed try; it doubles after each further one, across deliveries, up to <see cref="RetryMaxDelay"/>.
    /// With the defaults a message gets 15 tries over about 21 s before it is dead-lettered: a short outage is ridden out, while
    /// its partition (not the whole topic) waits.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed deliveries after which a message goes to <c>{topic}.dead-letter</c> (each delivery tries <see cref="HandlerAttempts"/> times).</summary>
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>How long a message must sit unacknowledged with a consumer that lost its partition before another one claims it.</summary>
    public TimeSpan ClaimMinIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of a partition's ownership lease; renewed every third of it, so a dead consumer's partitions move on after it.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(15);

    public int DeadLetterStackTraceLength { get; set; } = 4000;
}

internal sealed class RedisStreamsOptionsValidator : IValidateOptions<RedisStreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStreamsOptions o)
    {
        var failures = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                failures.Add($"{RedisStreamsOptions.SectionName}:{message}");
            }
        }

        Require(!string.IsNullOrWhiteSpace(o.KeyPrefix), "KeyPrefix must not be empty.");
        Require(o.Partitions is >= 1 and <= 1024, $"Partitions must be 1..1024 (is {o.Partitions}).");
        Require(o.MaxLength is null or >= 1, $"MaxLength must be at least 1, or unset to keep every entry (is {o.MaxLength}).");
        Require(o.BatchSize is >= 1 and <= 10_000, $"BatchSize must be 1..10000 (is {o.BatchSize}).");
        Require(o.MaxConcurrentKeys is >= 1 and <= 1024, $"MaxConcurrentKeys must be 1..1024 (is {o.MaxConcurrentKeys}).");
        Require(o.PollMinDelay > TimeSpan.Zero, "PollMinDelay must be positive.");
        Require(o.PollMaxDelay >= o.PollMinDelay, "PollMaxDelay must be at least PollMinDelay.");
        Require(o.HandlerAttempts >= 1, $"HandlerAttempts must be at least 1 (is {o.HandlerAttempts}).");
        Require(o.RetryBaseDelay >= TimeSpan.Zero, "RetryBaseDelay must not be negative.");
        Require(o.RetryMaxDelay >= o.RetryBaseDelay, "RetryMaxDelay must be at least RetryBaseDelay.");
        Require(o.MaxDeliveries >= 1, $"MaxDeliveries must be at least 1 (is {o.MaxDeliveries}).");
        Require(o.LeaseTime >= TimeSpan.FromMilliseconds(300), "LeaseTime must be at least 300 ms.");
        // A consumer that loses its lease notices within a renewal (a third of LeaseTime) and stops; a shorter idle time would let
        // the next owner take a message the previous one is still handling, and a key's order would be at risk.
        Require(o.ClaimMinIdleTime >= o.LeaseTime, "ClaimMinIdleTime must be at least LeaseTime.");
        Require(o.DeadLetterStackTraceLength >= 0, "DeadLetterStackTraceLength must not be negative.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
