namespace WellWon.Chat.Telegram;

/// <summary>The display name of a WellWon user, for the "Ann Lee: …" a bridged message starts with; null when unknown.</summary>
public interface IChatAuthorNames
{
    ValueTask<string?> NameOfAsync(Guid userId, CancellationToken ct);
}

/// <summary>Where no directory of names is wired in: messages go out as "WellWon: …".</summary>
public sealed class NoChatAuthorNames : IChatAuthorNames
{
    public ValueTask<string?> NameOfAsync(Guid userId, CancellationToken ct) => ValueTask.FromResult<string?>(null);
}
