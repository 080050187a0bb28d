using WellWon.Platform.Kernel;

namespace WellWon.Chat.Contracts;

/// <summary>The kinds of conversation: a company's own chat, a chat of two people, and a shipment's (in its company).</summary>
public static class ConversationKinds
{
    public const string Company = "company";
    public const string Direct = "direct";
    public const string Shipment = "shipment";
}

/// <summary>A file attached to a message: a reference into the Documents context, never the file itself.</summary>
public sealed record DocumentReference(Guid DocumentId, string Name);

/// <summary>
/// Where a bridged message was first written: the outside system (<see cref="Telegram"/>), its chat and message ids there, and
/// the sender as that system names them. A message with an origin is never sent back to where it came from.
/// </summary>
public sealed record MessageOrigin(string Source, long ChatId, long MessageId, long SenderId, string AuthorName)
{
    public const string Telegram = "telegram";

    /// <summary>The longest author name kept; Telegram's first and last names are 64 characters each.</summary>
    public const int MaxAuthorNameLength = 200;
}

// The facts of the chat streams. Streams: "chat-conversation-{id}" (kind and membership only), "chat-message-{id}" (one small
// stream per message: posted, edited, deleted), "chat-read-{id}" (one member's read position in one conversation).

[EventType("chat.conversation-started.v1")]
public sealed record ConversationStarted(
    Guid ConversationId,
    string Kind,
    Guid? CompanyId,
    string? Title,
    IReadOnlyList<Guid> Members,
    DateTimeOffset StartedAt) : IDomainEvent;

[EventType("chat.member-joined.v1")]
public sealed record MemberJoined(Guid ConversationId, Guid UserId, DateTimeOffset JoinedAt) : IDomainEvent;

[EventType("chat.member-left.v1")]
public sealed record MemberLeft(Guid ConversationId, Guid UserId, DateTimeOffset LeftAt) : IDomainEvent;

/// <summary>No more messages or edits (the company was archived or suspended); what was said stays readable.</summary>
[EventType("chat.conversation-made-read-only.v1")]
public sealed record ConversationMadeReadOnly(Guid ConversationId, DateTimeOffset At) : IDomainEvent;

/// <summary>Open for messages again (the suspended company was reactivated).</summary>
[EventType("chat.conversation-reopened.v1")]
public sealed record ConversationReopened(Guid ConversationId, DateTimeOffset At) : IDomainEvent;

/// <param name="Sequence">The message's place in its conversation (1, 2, …): the order of pages and the cursor of catch-up.</param>
/// <param name="Origin">
/// Set on a message bridged in from outside (its <paramref name="AuthorId"/> then stands for the outside sender, see
/// <c>ChatIds.ExternalAuthor</c>); null for a message written in WellWon. Added later as an optional field: events stored
/// before it read as null, so the shape stays v1.
/// </param>
[EventType("chat.message-posted.v1")]
public sealed record MessagePosted(
    Guid MessageId,
    Guid ConversationId,
    long Sequence,
    Guid AuthorId,
    string Text,
    Guid? ReplyTo,
    IReadOnlyList<DocumentReference> Attachments,
    DateTimeOffset PostedAt,
    MessageOrigin? Origin = null) : IDomainEvent;

/// <summary>The conversation mirrors a Telegram group from now on: messages flow both ways through the bot.</summary>
[EventType("chat.telegram-linked.v1")]
public sealed record TelegramLinked(Guid ConversationId, long TelegramChatId, Guid LinkedBy, DateTimeOffset LinkedAt) : IDomainEvent;

/// <summary>The conversation no longer mirrors the Telegram group; what was bridged stays.</summary>
[EventType("chat.telegram-unlinked.v1")]
public sealed record TelegramUnlinked(Guid ConversationId, long TelegramChatId, Guid UnlinkedBy, DateTimeOffset UnlinkedAt) : IDomainEvent;

/// <summary>The text was replaced; the earlier text stays in the stream.</summary>
[EventType("chat.message-edited.v1")]
public sealed record MessageEdited(Guid MessageId, Guid ConversationId, string Text, DateTimeOffset EditedAt) : IDomainEvent;

/// <summary>The message no longer shows; the stream keeps what it said.</summary>
[EventType("chat.message-deleted.v1")]
public sealed record MessageDeleted(Guid MessageId, Guid ConversationId, Guid DeletedBy, DateTimeOffset DeletedAt) : IDomainEvent;

/// <summary>A member has read the conversation up to and including the message at <paramref name="UpToSequence"/>.</summary>
[EventType("chat.messages-read.v1")]
public sealed record MessagesRead(Guid ConversationId, Guid UserId, Guid UpToMessageId, long UpToSequence, DateTimeOffset ReadAt) : IDomainEvent;
