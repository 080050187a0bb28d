using FluentValidation;
using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The JSON body of <c>PATCH /api/chats/{id}/messages/{messageId}</c>.</summary>
public sealed record EditMessageRequest(string? Text);

/// <summary>The author replaces a message's text; the earlier text stays in the message's stream.</summary>
public sealed record EditMessage(Guid ConversationId, Guid MessageId, Guid EditorId, string? Text) : ICommand, IRequireAuthenticatedUser;

public sealed class EditMessageValidator : AbstractValidator<EditMessage>
{
    public EditMessageValidator() => RuleFor(x => x.Text).MaximumLength(MessageRules.MaxTextLength);
}

public sealed class EditMessageHandler(IAggregateStore store, RequestContext context, TimeProvider clock) : ICommandHandler<EditMessage>
{
    public async ValueTask<Unit> Handle(EditMessage command, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.MemberConversationAsync(store, command.ConversationId, command.EditorId, cancellationToken);
        conversation.EnsureWritable();
        context.TenantId = conversation.State.CompanyId ?? context.TenantId;
        await store.RetryOnConflictAsync<ChatMessage>(
            command.MessageId,
            message =>
            {
                ChatAccess.EnsureIn(message, command.ConversationId);
                message.Edit(command.EditorId, command.Text, clock.GetUtcNow());
            },
            cancellationToken);
        return Unit.Value;
    }
}
