using System.Text.Json;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.EventStore;

/// <summary>The version a stream must be at for an append to succeed.</summary>
public readonly record struct ExpectedVersion(long Value)
{
    /// <summary>Append whatever the stream's version.</summary>
    public static readonly ExpectedVersion Any = new(-2);

    /// <summary>The stream must not exist yet.</summary>
    public static readonly ExpectedVersion NoStream = new(-1);

    /// <summary>The stream's last event must have version <paramref name="version"/> (versions start at 0).</summary>
    public static ExpectedVersion Exactly(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new ExpectedVersion(version);
    }

    public bool IsAny => Value == -2;

    public override string ToString() => Value switch { -2 => "any", -1 => "no-stream", _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>An event on its way into the store, already serialised.</summary>
public sealed record EventData(Guid EventId, string EventType, JsonElement Data, EventMetadata Metadata);

/// <summary>An event as the store holds it.</summary>
public sealed record RecordedEvent(
    long GlobalPosition,
    string StreamId,
    long StreamVersion,
    Guid EventId,
    string EventType,
    JsonElement Data,
    EventMetadata Metadata,
    DateTimeOffset RecordedAt,
    ulong TransactionId)
{
    /// <summary>Where this event stands in the commit-safe order of the whole log.</summary>
    public LogPosition LogPosition => new(TransactionId, GlobalPosition);
}

/// <summary>
/// A position in the whole log: the writing transaction's id, then the global position inside it.
/// Ordering by this pair (not by position alone) is what makes a reader never skip a slow transaction's events.
/// </summary>
public readonly record struct LogPosition(ulong TransactionId, long Position) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other)
    {
        var byTx = TransactionId.CompareTo(other.TransactionId);
        return byTx != 0 ? byTx : Position.CompareTo(other.Position);
    }

    public static bool operator <(LogPosition left, LogPosition right) => left.CompareTo(right) < 0;
    public static bool operator >(LogPosition left, LogPosition right) => left.CompareTo(right) > 0;
    public static bool operator <=(LogPosition left, LogPosition right) => left.CompareTo(right) <= 0;
    public static bool operator >=(LogPosition left, LogPosition right) => left.CompareTo(right) >= 0;
}

/// <summary>The stream's version after the append and the global position of its last event.</summary>
public sealed record AppendResult(long NextExpectedVersion, long LastGlobalPosition);

public enum ReadDirection
{
    Forwards,
    Backwards,
}

/// <summary>An append lost a race, or expected a stream state that is not there.</summary>
public sealed class WrongExpectedVersionException(string streamId, ExpectedVersion expected, long? actual)
    : Exception($"Stream '{streamId}' expected version {expected}, found {(actual is null ? "no stream" : actual.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}.")
{
    public string StreamId { get; } = streamId;

    public ExpectedVersion Expected { get; } = expected;

    public long? Actual { get; } = actual;
}
