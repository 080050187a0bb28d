using Mediator;
using WellWon.Customs.Features;
using WellWon.Documents.Features;

namespace WellWon.Api;

/// <summary>A review's <c>fill</c> of a declaration, done by Customs' own command: the Api serves both contexts, neither knows the other's handlers.</summary>
public sealed class DeclarationFill(ISender sender) : IDocumentFill
{
    public async Task<IReadOnlyList<int>> FillAsync(string kind, Guid targetId, Guid documentId, int version, Guid userId, CancellationToken ct) =>
        (await sender.Send(new AddGoodsItemsFromDocument(targetId, userId, documentId, version), ct)).Items;
}
