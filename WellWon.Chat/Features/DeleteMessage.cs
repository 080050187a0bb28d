using Mediator;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Chat.Features;

/// <summary>The author, or an administrator (or owner) of the company in a company chat, deletes a message; deleting twice changes nothing.</summary>
public sealed record DeleteMessage(Guid ConversationId, Guid MessageId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

/// <param name="access">The Companies context's answer to "what is this user's role"; without it nobody moderates.</param>
public sealed class DeleteMessageHandler(IAggregateStore store, RequestContext context, TimeProvider clock, ICompanyAccess? access = null)
    : ICommandHandler<DeleteMessage>
{
    public async ValueTask<Unit> Handle(DeleteMessage command, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.MemberConversationAsync(store, command.ConversationId, command.UserId, cancellationToken);
        context.TenantId = conversation.State.CompanyId ?? context.TenantId;
        var mayModerate = await MayModerateAsync(conversation, command.UserId, cancellationToken);
        await store.RetryOnConflictAsync<ChatMessage>(
            command.MessageId,
            message =>
            {
                ChatAccess.EnsureIn(message, command.ConversationId);
                message.Delete(command.UserId, mayModerate, clock.GetUtcNow());
            },
            cancellationToken);
        return Unit.Value;
    }

    private async Task<bool> MayModerateAsync(Conversation conversation, Guid userId, CancellationToken ct) =>
        conversation.State is { Kind: ConversationKinds.Company, CompanyId: { } companyId }
        && access is not null
        && await access.RoleOfAsync(userId, companyId, ct) >= CompanyRole.Admin;
}
