using Mediator;
using Microsoft.Extensions.Logging;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Chat.Features;

/// <summary>An owner or administrator of the company stops its chat mirroring Telegram; unlinking an unlinked chat changes nothing.</summary>
public sealed record UnlinkTelegramChat(Guid ConversationId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed partial class UnlinkTelegramChatHandler(
    IAggregateStore store, ICompanyAccess access, RequestContext context, TimeProvider clock, ILogger<UnlinkTelegramChatHandler> logger)
    : ICommandHandler<UnlinkTelegramChat>
{
    public async ValueTask<Unit> Handle(UnlinkTelegramChat command, CancellationToken cancellationToken)
    {
        var conversation = await TelegramLinkAccess.AdministeredConversationAsync(store, access, command.ConversationId, command.UserId, cancellationToken);
        if (conversation.State.TelegramChatId is not { } telegramChatId)
        {
            return Unit.Value;
        }

        context.TenantId = conversation.State.CompanyId;
        await store.RetryOnConflictAsync<Conversation>(command.ConversationId, c => c.UnlinkTelegram(command.UserId, clock.GetUtcNow()), cancellationToken);
        try
        {
            await store.RetryOnConflictAsync<TelegramChatClaim>(
                ChatIds.TelegramChatClaim(telegramChatId), c => c.Release(command.ConversationId, clock.GetUtcNow()), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The unlink stands; a claim whose conversation is no longer linked is taken over by the next one to link the group.
            LogReleaseFailed(e, telegramChatId, command.ConversationId);
        }

        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram chat {TelegramChatId} could not be released by conversation {ConversationId} after its unlink")]
    private partial void LogReleaseFailed(Exception e, long telegramChatId, Guid conversationId);
}
