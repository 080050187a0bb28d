namespace WellWon.Platform.RealTime;

/// <summary>Who a change is pushed to: one user (every connection of theirs), everyone following one company, or one chat.</summary>
public enum ChangeAudienceKind
{
    User,
    Company,
    Chat,
}

/// <summary>
/// The audience of a change notification, which is also a SignalR group: <c>user:{id}</c>, joined on connect, and
/// <c>company:{id}</c>, joined through <c>JoinCompany</c> after a membership check, and <c>chat:{id}</c>, joined through
/// <c>JoinChat</c> after a check that the user is a member of the conversation.
/// </summary>
public readonly record struct ChangeAudience(ChangeAudienceKind Kind, Guid Id)
{
    private const string UserPrefix = "user:";
    private const string CompanyPrefix = "company:";
    private const string ChatPrefix = "chat:";

    public static ChangeAudience User(Guid userId) => new(ChangeAudienceKind.User, userId);

    public static ChangeAudience Company(Guid companyId) => new(ChangeAudienceKind.Company, companyId);

    public static ChangeAudience Chat(Guid chatId) => new(ChangeAudienceKind.Chat, chatId);

    /// <summary>The SignalR group name, lower-case <c>D</c>-format id so every process spells it the same way.</summary>
    public string Group => Kind switch
    {
        ChangeAudienceKind.User => UserPrefix + Id.ToString("D"),
        ChangeAudienceKind.Company => CompanyPrefix + Id.ToString("D"),
        ChangeAudienceKind.Chat => ChatPrefix + Id.ToString("D"),
        _ => throw new InvalidOperationException($"Unknown audience kind {Kind}."),
    };

    public static bool TryParse(string? group, out ChangeAudience audience)
    {
        audience = default;
        if (group is null)
        {
            return false;
        }

        if (group.StartsWith(UserPrefix, StringComparison.Ordinal) && Guid.TryParseExact(group.AsSpan(UserPrefix.Length), "D", out var userId))
        {
            audience = User(userId);
            return true;
        }

        if (group.StartsWith(CompanyPrefix, StringComparison.Ordinal) && Guid.TryParseExact(group.AsSpan(CompanyPrefix.Length), "D", out var companyId))
        {
            audience = Company(companyId);
            return true;
        }

        if (group.StartsWith(ChatPrefix, StringComparison.Ordinal) && Guid.TryParseExact(group.AsSpan(ChatPrefix.Length), "D", out var chatId))
        {
            audience = Chat(chatId);
            return true;
        }

        return false;
    }

    public override string ToString() => Group;
}
