namespace WellWon.Web.Live;

// The hub's messages as WellWon.Api sends them (WellWon.Platform.RealTime), read by name: Web does not reference the Platform.

/// <summary>Something that changed: which entity, which one, its version after the change, and optionally what part of it.</summary>
public sealed record ChangeNotification(string Entity, string Id, long Version, string? Scope);

/// <summary>A change as pushed through a group, with its place in that group's sequence.</summary>
public sealed record PushedChange(string Group, long Sequence, ChangeNotification Change);

/// <summary>The hub's answer to GetMissed; <see cref="Complete"/> is false when some changes were already dropped.</summary>
public sealed record MissedChanges(string Group, long Latest, bool Complete, IReadOnlyList<PushedChange> Changes);

/// <summary>Someone is typing in a chat. Ephemeral: never stored or replayed.</summary>
public sealed record TypingSignal(Guid ChatId, Guid UserId);

/// <summary>
/// A change delivered to the screens, each once and in order per group. <see cref="Change"/> is null for a resync: the hub could
/// no longer say everything that happened while the connection was down, so whatever shows this group reloads.
/// </summary>
public sealed record LiveChange(string Group, long Sequence, ChangeNotification? Change)
{
    public bool IsResync => Change is null;
}

/// <summary>Where the circuit's hub connection stands. Screens show a banner only while it is <see cref="Reconnecting"/>.</summary>
public enum LiveState
{
    Idle,
    Connecting,
    Connected,
    Reconnecting,
    SignedOut,
}

/// <summary>The hub's group names, spelt as the Api spells them (lower-case D-format ids).</summary>
public static class LiveGroups
{
    public static string User(Guid userId) => "user:" + userId.ToString("D");

    public static string Company(Guid companyId) => "company:" + companyId.ToString("D");

    public static string Chat(Guid chatId) => "chat:" + chatId.ToString("D");
}

/// <summary>The change kinds the chat read model pushes (WellWon.Chat.ReadModel.ChatChanges).</summary>
public static class ChatChangeKinds
{
    /// <summary>New messages; Id = the conversation, Version = its newest sequence.</summary>
    public const string Messages = "chat-messages";

    /// <summary>One message edited or deleted; Id = the message.</summary>
    public const string Message = "chat-message";

    /// <summary>A read receipt; Id = the member, Version = the sequence read up to.</summary>
    public const string Read = "chat-read";

    /// <summary>Membership or state of a conversation; Id = the conversation.</summary>
    public const string Conversation = "chat-conversation";
}
