namespace WellWon.Documents.Reading.Extraction;

public enum DocumentKind
{
    Unknown,
    CommercialInvoice,
    PackingList,
}

/// <summary>The names of extracted fields, shared by the extractor, the ground truth of the corpus and supplier templates.</summary>
public static class FieldNames
{
    public const string Seller = "seller";
    public const string Buyer = "buyer";
    public const string Number = "number";
    public const string Date = "date";
    public const string Contract = "contract";
    public const string Currency = "currency";
    public const string Incoterms = "incoterms";
    public const string IncotermsPlace = "incoterms_place";
    public const string TotalAmount = "total_amount";
    public const string GrossWeight = "gross_weight";
    public const string NetWeight = "net_weight";
    public const string PackagesCount = "packages_count";
    public const string PackagesKind = "packages_kind";

    // Line item fields.
    public const string Description = "description";
    public const string Quantity = "quantity";
    public const string Unit = "unit";
    public const string UnitPrice = "unit_price";
    public const string Amount = "amount";
    public const string HsCode = "hs_code";
    public const string Origin = "origin";
    public const string Packages = "packages";

    public static readonly string[] InvoiceHeader = [Seller, Buyer, Number, Date, Contract, Currency, Incoterms, IncotermsPlace, TotalAmount, GrossWeight, NetWeight];
    public static readonly string[] InvoiceLine = [Description, Quantity, Unit, UnitPrice, Amount, HsCode, Origin];
    public static readonly string[] PackingHeader = [Seller, Buyer, Number, Date, PackagesCount, PackagesKind, GrossWeight, NetWeight];
    public static readonly string[] PackingLine = [Description, Quantity, Unit, Packages, NetWeight, GrossWeight];

    public static string Line(int index, string field) => $"line[{index}].{field}";
}
