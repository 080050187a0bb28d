using WellWon.Chat.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

public sealed record ReadMarkerState : AggregateState<ReadMarkerState>
{
    public long Sequence { get; init; }

    public ReadMarkerState() => On<MessagesRead>((s, e) => s with { Sequence = Math.Max(s.Sequence, e.UpToSequence) });
}

/// <summary>
/// How far one member has read one conversation. Its own stream, so frequent read receipts never lengthen the conversation's;
/// a long one loads from its latest snapshot. It only moves forward: reading an older message again changes nothing.
/// </summary>
[StreamCategory("chat-read")]
public sealed class ReadMarker : Aggregate<ReadMarkerState>
{
    public static ReadMarker For(Guid conversationId, Guid userId) => new() { Id = ChatIds.ReadMarker(conversationId, userId) };

    public void MarkRead(Guid conversationId, Guid userId, Guid messageId, long sequence, DateTimeOffset now)
    {
        if (sequence > State.Sequence)
        {
            Apply(new MessagesRead(conversationId, userId, messageId, sequence, now));
        }
    }
}
