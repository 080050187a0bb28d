using System.Globalization;
using Mediator;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Documents.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>
/// A member fills a declaration from a reviewed document (<c>POST /api/customs/declarations/{id}/items/from-document</c>): one goods
/// item per accepted line (description, HS code, origin, quantity and unit, net and gross kg, invoice price = the line's amount in the
/// document's currency), each carrying its source. Lines come from Customs' own copy of Documents' reviews; a document of another
/// company, or one not reviewed, is 404. A line already filled into this declaration is not added again, so a retry adds nothing.
/// </summary>
public sealed record AddGoodsItemsFromDocument(Guid DeclarationId, Guid UserId, Guid DocumentId, int Version) : ICommand<FilledGoodsItems>, IRequireAuthenticatedUser;

/// <summary>The items' numbers (1-based, box 32) and ids, in the document's line order.</summary>
public sealed record FilledGoodsItems(IReadOnlyList<int> Items, IReadOnlyList<Guid> Ids);

public sealed record FromDocumentInput(Guid? DocumentId, int? Version);

public sealed class AddGoodsItemsFromDocumentHandler(DeclarationWrites writes, DocumentLinesReader documents, TimeProvider clock)
    : ICommandHandler<AddGoodsItemsFromDocument, FilledGoodsItems>
{
    public const string DocumentNotFound = "customs.document-not-found";

    public async ValueTask<FilledGoodsItems> Handle(AddGoodsItemsFromDocument command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, async declaration =>
        {
            var reviewed = await documents.GetAsync(command.DocumentId, command.Version, cancellationToken);
            if (reviewed is null || reviewed.CompanyId != declaration.State.CompanyId)
            {
                throw new NotFoundException(DocumentNotFound, $"Version {command.Version} of document {command.DocumentId} has no reviewed lines.");
            }

            var numbers = new List<int>();
            var ids = new List<Guid>();
            for (var line = 0; line < reviewed.Lines.Count; line++)
            {
                var source = new ItemSource(command.DocumentId, command.Version, line);
                var index = declaration.State.Items.FindIndex(i => i.Source == source);
                if (index < 0)
                {
                    declaration.AddItem(Item(reviewed.Lines[line], reviewed.Currency, source), command.UserId, clock.GetUtcNow());
                    index = declaration.State.Items.Count - 1;
                }

                numbers.Add(index + 1);
                ids.Add(declaration.State.Items[index].Id);
            }

            return new FilledGoodsItems(numbers, ids);
        }, cancellationToken);

    // A value missing or not a number becomes one the declaration's rules refuse, naming the item's field.
    private static GoodsItem Item(IReadOnlyDictionary<string, string> line, string? currency, ItemSource source) => new(
        Guid.CreateVersion7(),
        line.GetValueOrDefault(ExtractionFields.Description) ?? string.Empty,
        line.GetValueOrDefault(ExtractionFields.HsCode) ?? string.Empty,
        line.GetValueOrDefault(ExtractionFields.CountryOfOrigin) ?? string.Empty,
        Number(line, ExtractionFields.Quantity),
        line.GetValueOrDefault(ExtractionFields.Unit) ?? string.Empty,
        Number(line, ExtractionFields.GrossWeight),
        Number(line, ExtractionFields.NetWeight),
        new Money(Number(line, ExtractionFields.Amount), currency ?? string.Empty),
        null,
        null,
        [],
        source);

    private static decimal Number(IReadOnlyDictionary<string, string> line, string name) =>
        decimal.TryParse(line.GetValueOrDefault(name), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : -1m;
}
