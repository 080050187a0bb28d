namespace WellWon.Chat.Domain;

/// <summary>
/// Hands out each conversation's message sequence numbers (1, 2, …), one per message about to be posted. Numbers are never
/// reused; one whose message failed to be stored leaves a gap, which pages and cursors do not mind.
/// </summary>
public interface IMessageSequence
{
    Task<long> NextAsync(Guid conversationId, CancellationToken ct);
}
