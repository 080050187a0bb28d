using Microsoft.Extensions.Options;

namespace WellWon.Platform.Sagas;

/// <summary>The saga host, bound from <c>Sagas</c>.</summary>
public sealed class SagaOptions
{
    public const string Section = "Sagas";

    /// <summary>The consumer group every saga host shares: each event reaches one of them.</summary>
    public string ConsumerGroup { get; set; } = "sagas";

    /// <summary>Tells apart several saga hosts on one machine; part of the stable consumer name.</summary>
    public string? InstanceId { get; set; }

    /// <summary>
    /// Failed attempts of one step after which the saga is marked failed. Keep it at or below the transport's tries per message
    /// (Redis Streams: HandlerAttempts × MaxDeliveries, 15 by default), or the message is dead-lettered first.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a step may run before it is cancelled and counted as a failed attempt (a saga may set its own).</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many handled event ids a saga keeps for deduplication (the newest); older redeliveries rely on idempotent commands.</summary>
    public int HandledEventIdsKept { get; set; } = 1000;
}

internal sealed class SagaOptionsValidator : IValidateOptions<SagaOptions>
{
    public ValidateOptionsResult Validate(string? name, SagaOptions o)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ConsumerGroup))
        {
            failures.Add("Sagas:ConsumerGroup must not be empty.");
        }

        if (o.MaxAttempts < 1)
        {
            failures.Add($"Sagas:MaxAttempts must be at least 1 (is {o.MaxAttempts}).");
        }

        if (o.StepTimeout <= TimeSpan.Zero)
        {
            failures.Add("Sagas:StepTimeout must be positive.");
        }

        if (o.HandledEventIdsKept < 1)
        {
            failures.Add($"Sagas:HandledEventIdsKept must be at least 1 (is {o.HandledEventIdsKept}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
