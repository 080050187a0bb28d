using System.Collections.Immutable;
using WellWon.Chat.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

public sealed record ChatMessageState : AggregateState<ChatMessageState>
{
    public Guid ConversationId { get; init; }

    public long Sequence { get; init; }

    public Guid AuthorId { get; init; }

    public string Text { get; init; } = string.Empty;

    public Guid? ReplyTo { get; init; }

    public ImmutableList<DocumentReference> Attachments { get; init; } = [];

    public DateTimeOffset PostedAt { get; init; }

    public bool Deleted { get; init; }

    public ChatMessageState()
    {
        On<MessagePosted>((s, e) => s with
        {
            ConversationId = e.ConversationId,
            Sequence = e.Sequence,
            AuthorId = e.AuthorId,
            Text = e.Text,
            ReplyTo = e.ReplyTo,
            Attachments = [.. e.Attachments],
            PostedAt = e.PostedAt,
        });
        On<MessageEdited>((s, e) => s with { Text = e.Text });
        On<MessageDeleted>((s, _) => s with { Deleted = true });
    }
}

/// <summary>
/// One message, its own small stream: posted, then perhaps edited and deleted. History is never rewritten: an edit or a delete
/// is another event, and the read model shows the latest.
/// </summary>
[StreamCategory("chat-message")]
public sealed class ChatMessage : Aggregate<ChatMessageState>
{
    public static ChatMessage Post(
        Guid id,
        Guid conversationId,
        long sequence,
        Guid authorId,
        string? text,
        Guid? replyTo,
        IReadOnlyList<DocumentReference>? attachments,
        DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        var files = MessageRules.EnsureAttachments(attachments);
        var body = MessageRules.EnsureText(text, files.Count > 0);
        var message = new ChatMessage { Id = id };
        message.Apply(new MessagePosted(id, conversationId, sequence, authorId, body, replyTo, files, now));
        return message;
    }

    public bool BelongsTo(Guid conversationId) => State.ConversationId == conversationId;

    /// <summary>Only the author edits, and not once deleted. The same text again changes nothing.</summary>
    public void Edit(Guid editorId, string? text, DateTimeOffset now)
    {
        if (editorId != State.AuthorId)
        {
            throw new ChatForbiddenException("chat.not-author", "Only the author edits a message.");
        }

        if (State.Deleted)
        {
            throw new DomainException("chat.message-deleted", "A deleted message cannot be edited.");
        }

        var body = MessageRules.EnsureText(text, State.Attachments.Count > 0);
        if (!string.Equals(body, State.Text, StringComparison.Ordinal))
        {
            Apply(new MessageEdited(Id, State.ConversationId, body, now));
        }
    }

    /// <summary>The author deletes, or a moderator (a company admin in a company chat). Deleting again changes nothing.</summary>
    public void Delete(Guid userId, bool mayModerate, DateTimeOffset now)
    {
        if (userId != State.AuthorId && !mayModerate)
        {
            throw new ChatForbiddenException("chat.not-allowed", "Only the author or a company administrator deletes a message.");
        }

        if (!State.Deleted)
        {
            Apply(new MessageDeleted(Id, State.ConversationId, userId, now));
        }
    }
}
