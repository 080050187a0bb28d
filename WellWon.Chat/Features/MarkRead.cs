using FluentValidation;
using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The JSON body of <c>POST /api/chats/{id}/read</c>.</summary>
public sealed record MarkReadRequest(Guid MessageId);

/// <summary>A member has read the conversation up to and including a message; an older message than the last read changes nothing.</summary>
public sealed record MarkRead(Guid ConversationId, Guid UserId, Guid MessageId) : ICommand, IRequireAuthenticatedUser;

public sealed class MarkReadValidator : AbstractValidator<MarkRead>
{
    public MarkReadValidator() => RuleFor(x => x.MessageId).NotEmpty();
}

public sealed class MarkReadHandler(IAggregateStore store, RequestContext context, TimeProvider clock) : ICommandHandler<MarkRead>
{
    private const int Attempts = 3;

    public async ValueTask<Unit> Handle(MarkRead command, CancellationToken cancellationToken)
    {
        var conversation = await ChatAccess.MemberConversationAsync(store, command.ConversationId, command.UserId, cancellationToken);
        var message = await store.TryLoadAsync<ChatMessage>(command.MessageId, cancellationToken) ?? throw ChatNotFound.Message(command.MessageId);
        ChatAccess.EnsureIn(message, command.ConversationId);
        context.TenantId = conversation.State.CompanyId ?? context.TenantId;

        for (var attempt = 1; ; attempt++)
        {
            var marker = await store.TryLoadAsync<ReadMarker>(ChatIds.ReadMarker(command.ConversationId, command.UserId), cancellationToken)
                ?? ReadMarker.For(command.ConversationId, command.UserId);
            marker.MarkRead(command.ConversationId, command.UserId, message.Id, message.State.Sequence, clock.GetUtcNow());
            try
            {
                await store.SaveAsync(marker, cancellationToken);
                return Unit.Value;
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // Another tab of the same user marked at the same moment; the reload sees it and moves only forward.
            }
        }
    }
}
