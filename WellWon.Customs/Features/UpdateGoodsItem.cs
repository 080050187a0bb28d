using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member replaces a goods item (<c>PUT /api/customs/declarations/{id}/items/{itemId}</c>).</summary>
public sealed record UpdateGoodsItem(Guid DeclarationId, Guid ItemId, Guid UserId, GoodsItemInput Item) : ICommand, IRequireAuthenticatedUser;

public sealed class UpdateGoodsItemHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<UpdateGoodsItem>
{
    public async ValueTask<Unit> Handle(UpdateGoodsItem command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.UpdateItem(DeclarationInputs.Item(command.Item, command.ItemId), command.UserId, clock.GetUtcNow());
            return Unit.Value;
        }, cancellationToken);
}
