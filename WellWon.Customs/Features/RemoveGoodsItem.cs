using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member removes a goods item (<c>DELETE /api/customs/declarations/{id}/items/{itemId}</c>).</summary>
public sealed record RemoveGoodsItem(Guid DeclarationId, Guid ItemId, Guid UserId) : ICommand, IRequireAuthenticatedUser;

public sealed class RemoveGoodsItemHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<RemoveGoodsItem>
{
    public async ValueTask<Unit> Handle(RemoveGoodsItem command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.RemoveItem(command.ItemId, command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
