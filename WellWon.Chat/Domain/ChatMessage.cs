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

    /// <summary>Where a bridged message came from; null for one written in WellWon.</summary>
    public MessageOrigin? Origin { get; init; }

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
            Origin = e.Origin,
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
public sealed class ChatMessage : Aggregate<ChatMessageState>, IOrderedAggregate
{
    /// <summary>A conversation's messages (each its own stream) and the conversation's own events reach consumers in log order.</summary>
    public string OrderingKey => StreamName.For<Conversation>(State.ConversationId);

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

    /// <summary>
    /// A message bridged in from the group <paramref name="conversation"/> is linked to. Its id follows from where it was written,
    /// so the same outside message is always the same stream: delivered twice, it is stored once. Its author is the outside
    /// sender (<see cref="ChatIds.ExternalAuthor"/>), who is no member; the conversation's link is what admits it. Text longer
    /// than WellWon's limit is cut rather than refused, since the outside system has already published it.
    /// </summary>
    public static ChatMessage PostBridged(Conversation conversation, MessageOrigin origin, long sequence, string? text, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        conversation.EnsureAcceptsBridged(origin);
        var body = MessageRules.EnsureText(MessageRules.FitBridged(text), hasAttachments: false);
        var name = origin.AuthorName.Trim();
        origin = origin with { AuthorName = name.Length > MessageOrigin.MaxAuthorNameLength ? name[..MessageOrigin.MaxAuthorNameLength] : name };
        var id = ChatIds.BridgedMessage(origin);
        var message = new ChatMessage { Id = id };
        message.Apply(new MessagePosted(id, conversation.Id, sequence, ChatIds.ExternalAuthor(origin), body, null, [], now, origin));
        return message;
    }

    public bool BelongsTo(Guid conversationId) => State.ConversationId == conversationId;

    /// <summary>
    /// An edit made where a bridged message came from: only that same outside message edits it (a WellWon member never does,
    /// see <see cref="Edit"/>), not once deleted. The same text again changes nothing, so a repeated edit is harmless.
    /// </summary>
    public void EditBridged(MessageOrigin origin, string? text, DateTimeOffset now)
    {
        if (State.Origin is not { } mine || mine.Source != origin.Source || mine.ChatId != origin.ChatId || mine.MessageId != origin.MessageId)
        {
            throw new ChatForbiddenException("chat.not-author", "Only the outside message it came from edits a bridged message.");
        }

        if (State.Deleted)
        {
            throw new DomainException("chat.message-deleted", "A deleted message cannot be edited.");
        }

        var body = MessageRules.EnsureText(MessageRules.FitBridged(text), State.Attachments.Count > 0);
        if (!string.Equals(body, State.Text, StringComparison.Ordinal))
        {
            Apply(new MessageEdited(Id, State.ConversationId, body, now));
        }
    }

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
