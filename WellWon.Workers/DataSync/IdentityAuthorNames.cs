using WellWon.Chat.Telegram;
using WellWon.Identity.ReadModel;

namespace WellWon.Workers.DataSync;

/// <summary>
/// Names for the messages the Telegram bridge sends ("Ann Lee: …"), from Identity's profiles read model. The host composes the
/// two contexts here, so Chat never reads Identity's tables itself; an erased or unknown user goes out unnamed.
/// </summary>
public sealed class IdentityAuthorNames(UserProfileReader profiles) : IChatAuthorNames
{
    public async ValueTask<string?> NameOfAsync(Guid userId, CancellationToken ct) =>
        await profiles.GetAsync(userId, ct) is { } profile && $"{profile.FirstName} {profile.LastName}".Trim() is { Length: > 0 } name ? name : null;
}
