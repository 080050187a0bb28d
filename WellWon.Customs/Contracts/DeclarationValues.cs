namespace WellWon.Customs.Contracts;

// The values declaration events carry, normalised and checked by the aggregate (codes upper-case, HS codes 10 digits, text trimmed).

/// <summary>Where a declaration stands: draft → checked → submitted → registered → released, or rejected / recalled.</summary>
public static class DeclarationStatuses
{
    public const string Draft = "draft";
    public const string Checked = "checked";
    public const string Submitted = "submitted";
    public const string Registered = "registered";
    public const string Released = "released";
    public const string Rejected = "rejected";
    public const string Recalled = "recalled";
}

/// <summary>A declarant or representative (customs broker): a WellWon company (by id) and/or a name, tax id (ИНН) and address.</summary>
public sealed record DeclarationParty(Guid? CompanyId, string Name, string? TaxId, string? Address);

/// <summary>
/// The declaration's header: who declares, who represents them, the procedure (box 37), the customs office (box 29), the
/// declaration date, the Incoterms rule with its place (box 20), the shipment it clears, and how costs are shared among items.
/// A draft may lack the declarant, office and date; the check asks for them.
/// </summary>
public sealed record DeclarationHeader(
    DeclarationParty? Declarant,
    DeclarationParty? Representative,
    string Procedure,
    string? CustomsOffice,
    DateOnly? DeclarationDate,
    string? Incoterm,
    string? IncotermPlace,
    Guid? ShipmentId,
    string AllocationMethod);

/// <summary>A document that supports an item (box 44): its code in the classifier of documents (04021 invoice, 06011 certificate of origin…), number and date.</summary>
public sealed record ItemDocument(string Code, string Number, DateOnly? Date);

/// <summary>
/// One goods item: description (box 31), 10-digit HS code (33), origin (34), quantity in a supplementary unit (41), gross and net
/// kg (35, 38), invoice price and currency (42), the preference regime claimed (36) and, where an excise applies, the quantity in
/// the excise unit (litres of anhydrous alcohol…).
/// </summary>
public sealed record GoodsItem(
    Guid Id,
    string Description,
    string HsCode,
    string Origin,
    decimal Quantity,
    string Unit,
    decimal GrossKg,
    decimal NetKg,
    Money InvoicePrice,
    string? Preference,
    decimal? ExciseQuantity,
    IReadOnlyList<ItemDocument> Documents,
    ItemSource? Source = null);

/// <summary>Where an item was taken from: a reviewed document's version and the index of its line.</summary>
public sealed record ItemSource(Guid DocumentId, int Version, int Line);

/// <summary>A cost of the consignment (freight, insurance, loading to the EAEU border; post-border costs included in the price).</summary>
public sealed record DeclarationCost(string Kind, Money Amount);
