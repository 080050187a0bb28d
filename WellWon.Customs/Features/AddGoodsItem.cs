using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member adds a goods item (<c>POST /api/customs/declarations/{id}/items</c>); it gets a new id.</summary>
public sealed record AddGoodsItem(Guid DeclarationId, Guid UserId, GoodsItemInput Item) : ICommand<AddedGoodsItem>, IRequireAuthenticatedUser;

public sealed record AddedGoodsItem(Guid Id);

public sealed class AddGoodsItemHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<AddGoodsItem, AddedGoodsItem>
{
    public async ValueTask<AddedGoodsItem> Handle(AddGoodsItem command, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        return await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            declaration.AddItem(DeclarationInputs.Item(command.Item, id), command.UserId, clock.GetUtcNow());
            return new AddedGoodsItem(id);
        }, cancellationToken);
    }
}
