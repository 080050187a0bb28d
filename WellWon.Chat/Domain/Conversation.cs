using System.Collections.Immutable;
using WellWon.Chat.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Domain;

public sealed record ConversationState : AggregateState<ConversationState>
{
    public string Kind { get; init; } = string.Empty;

    public Guid? CompanyId { get; init; }

    public string? Title { get; init; }

    public ImmutableHashSet<Guid> Members { get; init; } = [];

    public bool ReadOnly { get; init; }

    /// <summary>The Telegram group this conversation mirrors, if any.</summary>
    public long? TelegramChatId { get; init; }

    public ConversationState()
    {
        On<ConversationStarted>((s, e) => s with { Kind = e.Kind, CompanyId = e.CompanyId, Title = e.Title, Members = [.. e.Members] });
        On<MemberJoined>((s, e) => s with { Members = s.Members.Add(e.UserId) });
        On<MemberLeft>((s, e) => s with { Members = s.Members.Remove(e.UserId) });
        On<ConversationMadeReadOnly>((s, _) => s with { ReadOnly = true });
        On<ConversationReopened>((s, _) => s with { ReadOnly = false });
        On<TelegramLinked>((s, e) => s with { TelegramChatId = e.TelegramChatId });
        On<TelegramUnlinked>((s, _) => s with { TelegramChatId = null });
    }
}

/// <summary>
/// A conversation: its kind and who is in it — nothing else. Messages are streams of their own ("chat-message-{id}"), so posting
/// to a chat of 100,000 messages loads this small stream (membership changes only, from a snapshot once it is long) and appends
/// one new small stream; it never replays the conversation's history. Order comes from a per-conversation sequence number
/// carried by each message (<see cref="IMessageSequence"/>), not from a shared stream.
/// Every change is idempotent (adding a member twice, removing one who left, closing twice change nothing), which is what lets
/// the company chat saga repeat a step safely.
/// </summary>
[StreamCategory("chat-conversation")]
public sealed class Conversation : Aggregate<ConversationState>
{
    public bool IsMember(Guid userId) => State.Members.Contains(userId);

    public static Conversation StartCompanyChat(Guid companyId, string? title, Guid ownerUserId, DateTimeOffset now)
    {
        var conversation = new Conversation { Id = ChatIds.CompanyChat(companyId) };
        conversation.Apply(new ConversationStarted(conversation.Id, ConversationKinds.Company, companyId, title?.Trim(), [ownerUserId], now));
        return conversation;
    }

    /// <summary>A shipment's chat, in its company, with <paramref name="members"/> (at least one) as its first members.</summary>
    public static Conversation StartShipmentChat(Guid shipmentId, Guid companyId, string? title, IReadOnlyCollection<Guid> members, DateTimeOffset now)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("A shipment chat starts with at least one member.", nameof(members));
        }

        var conversation = new Conversation { Id = ChatIds.ShipmentChat(shipmentId) };
        conversation.Apply(new ConversationStarted(conversation.Id, ConversationKinds.Shipment, companyId, title?.Trim(), [.. members.Distinct()], now));
        return conversation;
    }

    public static Conversation StartDirect(Guid userId, Guid otherUserId, DateTimeOffset now)
    {
        if (userId == otherUserId)
        {
            throw new DomainException("chat.direct-with-self", "A direct conversation needs two different people.");
        }

        var conversation = new Conversation { Id = ChatIds.DirectChat(userId, otherUserId) };
        conversation.Apply(new ConversationStarted(conversation.Id, ConversationKinds.Direct, null, null, [userId, otherUserId], now));
        return conversation;
    }

    public void AddMember(Guid userId, DateTimeOffset now)
    {
        EnsureGroupConversation();
        if (!IsMember(userId))
        {
            Apply(new MemberJoined(Id, userId, now));
        }
    }

    public void RemoveMember(Guid userId, DateTimeOffset now)
    {
        EnsureGroupConversation();
        if (IsMember(userId))
        {
            Apply(new MemberLeft(Id, userId, now));
        }
    }

    public void MakeReadOnly(DateTimeOffset now)
    {
        if (!State.ReadOnly)
        {
            Apply(new ConversationMadeReadOnly(Id, now));
        }
    }

    public void Reopen(DateTimeOffset now)
    {
        if (State.ReadOnly)
        {
            Apply(new ConversationReopened(Id, now));
        }
    }

    public bool IsLinkedTo(long telegramChatId) => State.TelegramChatId == telegramChatId;

    /// <summary>
    /// Mirrors a Telegram group from now on. Only a company chat that is open is linked; the same group again changes nothing,
    /// another group needs an unlink first. That no other conversation holds the group is <see cref="TelegramChatClaim"/>'s rule.
    /// </summary>
    public void LinkTelegram(long telegramChatId, Guid linkedBy, DateTimeOffset now)
    {
        if (State.Kind != ConversationKinds.Company)
        {
            throw new DomainException("chat.telegram-company-only", "Only a company chat is linked to Telegram.");
        }

        EnsureWritable();
        if (IsLinkedTo(telegramChatId))
        {
            return;
        }

        if (State.TelegramChatId is { } other)
        {
            throw new DomainException("chat.telegram-already-linked", $"This conversation is linked to Telegram chat {other}; unlink it first.");
        }

        Apply(new TelegramLinked(Id, telegramChatId, linkedBy, now));
    }

    /// <summary>Stops mirroring the Telegram group; unlinking a conversation that is not linked changes nothing.</summary>
    public void UnlinkTelegram(Guid unlinkedBy, DateTimeOffset now)
    {
        if (State.TelegramChatId is { } chat)
        {
            Apply(new TelegramUnlinked(Id, chat, unlinkedBy, now));
        }
    }

    /// <summary>
    /// The author rule for bridged messages: they are not written by a member but come in through the link, so they are taken
    /// only from the group this conversation is linked to, and only while it is open.
    /// </summary>
    public void EnsureAcceptsBridged(MessageOrigin origin)
    {
        if (origin.Source != MessageOrigin.Telegram || !IsLinkedTo(origin.ChatId))
        {
            throw new DomainException("chat.not-linked", $"This conversation takes no messages from {origin.Source} chat {origin.ChatId}.");
        }

        EnsureWritable();
    }

    /// <summary>Outsiders are told the conversation does not exist.</summary>
    public void EnsureMember(Guid userId)
    {
        if (!IsMember(userId))
        {
            throw ChatNotFound.Conversation(Id);
        }
    }

    public void EnsureWritable()
    {
        if (State.ReadOnly)
        {
            throw new DomainException("chat.read-only", "This conversation is read-only.");
        }
    }

    // The two people of a direct conversation are what it is; nobody joins or leaves it.
    private void EnsureGroupConversation()
    {
        if (State.Kind == ConversationKinds.Direct)
        {
            throw new DomainException("chat.direct-membership-fixed", "A direct conversation's members do not change.");
        }
    }
}
