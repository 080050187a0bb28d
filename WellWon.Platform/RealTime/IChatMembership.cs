namespace WellWon.Platform.RealTime;

/// <summary>
/// Whether a user may follow a conversation (join <c>chat:{id}</c>, read its missed changes, signal typing). The Chat context
/// answers it from its members read model; until it is registered, <see cref="NoChatMembership"/> denies everyone.
/// </summary>
public interface IChatMembership
{
    ValueTask<bool> IsMemberAsync(Guid userId, Guid chatId, CancellationToken ct);
}

/// <summary>The default answer when no context knows chats: nobody is a member of anything.</summary>
public sealed class NoChatMembership : IChatMembership
{
    public ValueTask<bool> IsMemberAsync(Guid userId, Guid chatId, CancellationToken ct) => ValueTask.FromResult(false);
}
