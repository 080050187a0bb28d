using FluentValidation;
using Mediator;
using WellWon.Chat.Domain;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>
/// A page of a conversation's messages (<c>GET /api/chats/{id}/messages?before=&amp;after=&amp;limit=</c>): <c>before</c> pages back
/// through history, <c>after</c> catches up from the last sequence a client saw (after a reconnect). Members only (else 404).
/// </summary>
public sealed record GetMessages(Guid ConversationId, Guid UserId, long? Before, long? After, int Limit = GetMessages.DefaultLimit)
    : IQuery<MessagePage>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;
}

public sealed class GetMessagesValidator : AbstractValidator<GetMessages>
{
    public GetMessagesValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, GetMessages.MaxLimit);
        RuleFor(x => x.Before).GreaterThan(0).When(x => x.Before is not null);
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).When(x => x.After is not null);
        RuleFor(x => x).Must(x => x.Before is null || x.After is null).OverridePropertyName("before").WithMessage("Give 'before' or 'after', not both.");
    }
}

public sealed class GetMessagesHandler(ChatReader reader) : IQueryHandler<GetMessages, MessagePage>
{
    public async ValueTask<MessagePage> Handle(GetMessages query, CancellationToken cancellationToken)
    {
        if (!await reader.IsMemberAsync(query.ConversationId, query.UserId, cancellationToken))
        {
            throw ChatNotFound.Conversation(query.ConversationId);
        }

        return await reader.PageAsync(query.ConversationId, query.Before, query.After, query.Limit, cancellationToken);
    }
}
