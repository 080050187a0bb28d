using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

/// <summary>Conversation <paramref name="ConversationId"/> holds Telegram group <paramref name="TelegramChatId"/> (it is linking or linked to it).</summary>
[EventType("chat.telegram-chat-claimed.v1")]
public sealed record TelegramChatClaimed(Guid ClaimId, long TelegramChatId, Guid ConversationId, DateTimeOffset ClaimedAt, Guid? TakenOverFrom) : IDomainEvent;

/// <summary>The conversation let go of the group (it was unlinked); another may claim it.</summary>
[EventType("chat.telegram-chat-released.v1")]
public sealed record TelegramChatReleased(Guid ClaimId, long TelegramChatId, Guid ConversationId, DateTimeOffset ReleasedAt) : IDomainEvent;

public sealed record TelegramChatClaimState : AggregateState<TelegramChatClaimState>
{
    public long TelegramChatId { get; init; }

    /// <summary>The conversation that holds the group, or null when it is free.</summary>
    public Guid? Holder { get; init; }

    public DateTimeOffset ClaimedAt { get; init; }

    public TelegramChatClaimState()
    {
        On<TelegramChatClaimed>((s, e) => s with { TelegramChatId = e.TelegramChatId, Holder = e.ConversationId, ClaimedAt = e.ClaimedAt });
        On<TelegramChatReleased>((s, e) => s.Holder == e.ConversationId ? s with { Holder = null } : s);
    }
}

/// <summary>
/// The write side's guarantee that a Telegram group mirrors at most one conversation: a stream per group, appended with
/// optimistic concurrency before the conversation records <c>TelegramLinked</c>. Of two conversations racing for one group,
/// one append finds the stream moved on and loses. It is also how an incoming Telegram message finds its conversation (the
/// look-up by external key that the write side may make). A claim whose conversation never linked (a crash between the two
/// appends) or has unlinked since is taken over, but only once <see cref="PendingTimeout"/> has passed since it was made.
/// </summary>
[StreamCategory("chat-telegram")]
public sealed class TelegramChatClaim : Aggregate<TelegramChatClaimState>
{
    /// <summary>How long a claim whose conversation is not (yet) linked keeps the group from others.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);

    public static TelegramChatClaim For(long telegramChatId) => new() { Id = ChatIds.TelegramChatClaim(telegramChatId) };

    /// <param name="holderLinked">Whether the current holder's conversation is linked to this group; asked only when another holds it.</param>
    public void Claim(long telegramChatId, Guid conversationId, DateTimeOffset now, bool holderLinked)
    {
        if (State.Holder is { } holder)
        {
            if (holder == conversationId)
            {
                return;
            }

            if (holderLinked || now - State.ClaimedAt < PendingTimeout)
            {
                throw new TelegramChatTakenException(telegramChatId);
            }

            Apply(new TelegramChatClaimed(Id, telegramChatId, conversationId, now, TakenOverFrom: holder));
            return;
        }

        Apply(new TelegramChatClaimed(Id, telegramChatId, conversationId, now, TakenOverFrom: null));
    }

    /// <summary>Frees the group when <paramref name="conversationId"/> still holds it.</summary>
    public void Release(Guid conversationId, DateTimeOffset now)
    {
        if (State.Holder == conversationId)
        {
            Apply(new TelegramChatReleased(Id, State.TelegramChatId, conversationId, now));
        }
    }
}

/// <summary>The Telegram group already mirrors another conversation (409).</summary>
public sealed class TelegramChatTakenException(long telegramChatId)
    : DomainException("chat.telegram-chat-taken", $"Telegram chat {telegramChatId} is already linked to another conversation.");
