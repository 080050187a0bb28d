using FluentValidation;
using Mediator;
using WellWon.Chat.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The JSON body of <c>POST /api/chats/direct</c>.</summary>
public sealed record StartDirectChatRequest(Guid UserId);

/// <param name="Created">False when the two already had their conversation (the same one is returned).</param>
public sealed record DirectChat(Guid Id, bool Created);

/// <summary>The direct conversation of the caller and another user: there is one per pair, found again on every call.</summary>
public sealed record StartDirectChat(Guid UserId, Guid OtherUserId) : ICommand<DirectChat>, IRequireAuthenticatedUser;

public sealed class StartDirectChatValidator : AbstractValidator<StartDirectChat>
{
    public StartDirectChatValidator()
    {
        RuleFor(x => x.OtherUserId).NotEmpty().OverridePropertyName("userId");
        RuleFor(x => x.OtherUserId).NotEqual(x => x.UserId).OverridePropertyName("userId").WithMessage("A direct conversation needs another user.");
    }
}

public sealed class StartDirectChatHandler(IAggregateStore store, TimeProvider clock) : ICommandHandler<StartDirectChat, DirectChat>
{
    public async ValueTask<DirectChat> Handle(StartDirectChat command, CancellationToken cancellationToken)
    {
        var id = ChatIds.DirectChat(command.UserId, command.OtherUserId);
        if (await store.TryLoadAsync<Conversation>(id, cancellationToken) is not null)
        {
            return new DirectChat(id, Created: false);
        }

        try
        {
            await store.SaveAsync(Conversation.StartDirect(command.UserId, command.OtherUserId, clock.GetUtcNow()), cancellationToken);
            return new DirectChat(id, Created: true);
        }
        catch (WrongExpectedVersionException)
        {
            // The other person opened it at the same moment; it is the same conversation.
            return new DirectChat(id, Created: false);
        }
    }
}
