using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Schema;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;

namespace WellWon.Customs.Xml;

/// <summary>One reason a declaration is not exported: the field it concerns, a stable code and what to do.</summary>
public sealed record ExportCheck(string Field, string Code, string Message);

/// <summary>
/// Writes a declaration and its current calculation as WellWon's <c>ESADout_CU</c> XML (<c>Xml/ESADout_CU.xsd</c>, which says what maps
/// to what) and validates the result against that schema; a declaration that is not complete, not calculated as it is, or whose
/// XML breaks the schema is refused with every failing check.
/// </summary>
public static class DeclarationXmlExporter
{
    public const string Namespace = "urn:wellwon:customs:ESADout_CU:1";
    public const string XmlInvalid = "customs.xml-invalid";

    // The schema travels inside the assembly and is compiled once; XmlSchemaSet is safe to share for validation once compiled.
    private static readonly Lazy<XmlSchemaSet> Schema = new(() =>
    {
        using var stream = typeof(DeclarationXmlExporter).Assembly.GetManifestResourceStream("WellWon.Customs.Xml.ESADout_CU.xsd")
            ?? throw new InvalidOperationException("The ESADout_CU schema is not embedded.");
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    });

    // The classifier of payments (CU Commission decision No. 378, annex 9): fee 1010, import duty 2010 and VAT 5010. An excise's code
    // is per kind of goods (Russia's own part of the classifier) and comes with its rate from the tariff data (excise_rates.csv).
    private static readonly Dictionary<string, string> PaymentModeCodes = new(StringComparer.Ordinal)
    {
        [SheetLineKinds.Fee] = "1010",
        [SheetLineKinds.Duty] = "2010",
        [SheetLineKinds.Vat] = "5010",
    };

    /// <summary>The checks <paramref name="declaration"/> fails before it can be written (all of them, not the first).</summary>
    public static IReadOnlyList<ExportCheck> Checks(Guid id, DeclarationState declaration)
    {
        var checks = new List<ExportCheck>();
        var header = declaration.Header;
        if (declaration.Status is DeclarationStatuses.Rejected or DeclarationStatuses.Recalled)
        {
            checks.Add(new("status", CustomsErrors.TransitionInvalid, $"Declaration {id} is {declaration.Status}; it is not lodged any more."));
        }

        if (header.Declarant is null)
        {
            checks.Add(new("declarant", CustomsErrors.Incomplete, "A declaration needs its declarant (box 14)."));
        }

        if (header.CustomsOffice is null)
        {
            checks.Add(new("customsOffice", CustomsErrors.Incomplete, "A declaration needs the customs office it is lodged with (box 29)."));
        }

        if (header.DeclarationDate is null)
        {
            checks.Add(new("declarationDate", CustomsErrors.Incomplete, "A declaration needs its date."));
        }

        if (declaration.Items.IsEmpty)
        {
            checks.Add(new("items", CustomsErrors.Incomplete, "A declaration needs at least one goods item."));
        }

        for (var i = 0; i < declaration.Items.Count; i++)
        {
            if (declaration.Items[i].Documents.Count == 0)
            {
                checks.Add(new($"items[{i}].documents", CustomsErrors.Incomplete, "Every item names at least one supporting document (box 44)."));
            }
        }

        if (!declaration.CalculationCurrent)
        {
            checks.Add(new("calculation", CustomsErrors.NotCalculated, declaration.Calculation is null
                ? "Calculate the payments (box 47) before exporting."
                : "The declaration changed since its payments were calculated: calculate them again."));
        }
        else if (declaration.Calculation!.Items.Count != declaration.Items.Count)
        {
            checks.Add(new("calculation", CustomsErrors.CalculationStale, "The calculation is of other goods items than the declaration has."));
        }

        return checks;
    }

    /// <summary>The XML (UTF-8) when every check passes and it validates, otherwise the failing checks.</summary>
    public static (byte[]? Xml, IReadOnlyList<ExportCheck> Failures) Export(Guid id, DeclarationState declaration)
    {
        var checks = Checks(id, declaration);
        if (checks.Count > 0)
        {
            return (null, checks);
        }

        var xml = Write(id, declaration);
        var invalid = Validate(xml);
        return invalid.Count > 0 ? (null, invalid) : (xml, []);
    }

    /// <summary>What the schema says of <paramref name="xml"/>: nothing when it is valid.</summary>
    public static IReadOnlyList<ExportCheck> Validate(byte[] xml)
    {
        var errors = new List<ExportCheck>();
        var settings = new XmlReaderSettings
        {
            ValidationType = ValidationType.Schema,
            Schemas = Schema.Value,
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
        };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add(new ExportCheck($"xml:{e.Exception.LineNumber}:{e.Exception.LinePosition}", XmlInvalid, e.Message));
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add(new ExportCheck($"xml:{e.LineNumber}:{e.LinePosition}", XmlInvalid, e.Message));
        }

        return errors;
    }

    private static byte[] Write(Guid id, DeclarationState declaration)
    {
        var header = declaration.Header;
        var sheet = declaration.Calculation!;
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("ESADout_CU", Namespace);
            Element(w, "DocumentID", id.ToString());
            if (declaration.RegistrationNumber is { } registration)
            {
                Element(w, "RegistrationNumber", registration);
            }

            Element(w, "CustomsProcedure", header.Procedure);
            Element(w, "CustomsOfficeCode", header.CustomsOffice!);
            Element(w, "DeclarationDate", Date(header.DeclarationDate!.Value));
            Organization(w, "ESADout_CUDeclarant", header.Declarant!);
            if (header.Representative is { } representative)
            {
                Organization(w, "ESADout_CURepresentative", representative);
            }

            if (header.Incoterm is { } incoterm)
            {
                w.WriteStartElement("ESADout_CUDeliveryTerms", Namespace);
                Element(w, "DeliveryTermsStringCode", incoterm);
                Optional(w, "DeliveryPlace", header.IncotermPlace);
                w.WriteEndElement();
            }

            w.WriteStartElement("ESADout_CUGoodsShipment", Namespace);
            Element(w, "TotalGoodsNumber", declaration.Items.Count.ToString(CultureInfo.InvariantCulture));
            Money(w, "TotalCustomsCost", sheet.CustomsValue, CurrencyCodes.Rouble);
            Element(w, "CalculationDate", Date(sheet.Date));
            foreach (var (currency, rate) in sheet.Rates.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                w.WriteStartElement("ExchangeRate", Namespace);
                Element(w, "CurrencyCode", currency);
                Element(w, "Rate", Number(rate));
                w.WriteEndElement();
            }

            for (var i = 0; i < declaration.Items.Count; i++)
            {
                Goods(w, i + 1, declaration.Items[i], sheet);
            }

            w.WriteEndElement();

            w.WriteStartElement("ESADout_CUCustomsPayments", Namespace);
            foreach (var (kind, code, amount) in Totals(sheet))
            {
                w.WriteStartElement("ESADout_CUPaymentTotal", Namespace);
                w.WriteAttributeString("kind", kind);
                Optional(w, "PaymentModeCode", code);
                Money(w, "PaymentAmount", amount, CurrencyCodes.Rouble);
                w.WriteEndElement();
            }

            Money(w, "TotalPaymentAmount", sheet.Total, CurrencyCodes.Rouble);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Box B's lines: duty, excise, VAT and the fee, each with its payment type code; excise once per code (each kind of excisable
    /// goods has its own), and only when there is some.
    /// </summary>
    private static IEnumerable<(string Kind, string? Code, decimal Amount)> Totals(CalculationSheet sheet)
    {
        // Import duty is 2010; an export duty's code comes with its rate; a sheet without a duty line still shows a duty of 0.
        var duties = sheet.Lines.Where(l => l.Kind == SheetLineKinds.Duty).GroupBy(l => l.PaymentCode ?? PaymentModeCodes[SheetLineKinds.Duty]).ToList();
        if (duties.Count == 0)
        {
            yield return (SheetLineKinds.Duty, PaymentModeCodes[SheetLineKinds.Duty], sheet.Duty);
        }

        foreach (var duty in duties.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return (SheetLineKinds.Duty, duty.Key, duty.Sum(l => l.Amount));
        }

        foreach (var excise in sheet.Lines.Where(l => l.Kind == SheetLineKinds.Excise && l.Amount != 0m).GroupBy(l => l.PaymentCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return (SheetLineKinds.Excise, excise.Key, excise.Sum(l => l.Amount));
        }

        yield return (SheetLineKinds.Vat, PaymentModeCodes[SheetLineKinds.Vat], sheet.Vat);
        yield return (SheetLineKinds.Fee, PaymentModeCodes[SheetLineKinds.Fee], sheet.Fee);
    }

    private static void Goods(XmlWriter w, int number, GoodsItem item, CalculationSheet sheet)
    {
        var payments = sheet.Items.Single(p => p.Item == number);
        w.WriteStartElement("ESADout_CUGoods", Namespace);
        Element(w, "GoodsNumeric", number.ToString(CultureInfo.InvariantCulture));
        Element(w, "GoodsDescription", item.Description);
        Element(w, "GoodsTNVEDCode", item.HsCode);
        Element(w, "OriginCountryCode", item.Origin);
        Element(w, "GrossWeightQuantity", Number(item.GrossKg));
        Optional(w, "PreferenceRegime", item.Preference);
        Element(w, "NetWeightQuantity", Number(item.NetKg));
        w.WriteStartElement("SupplementaryGoodsQuantity", Namespace);
        Element(w, "GoodsQuantity", Number(item.Quantity));
        Element(w, "MeasureUnitQualifierName", item.Unit);
        w.WriteEndElement();
        Money(w, "InvoicedCost", item.InvoicePrice.Amount, item.InvoicePrice.Currency);
        Money(w, "CustomsCost", payments.CustomsValue, CurrencyCodes.Rouble);
        foreach (var document in item.Documents)
        {
            w.WriteStartElement("ESADout_CUPresentedDocument", Namespace);
            Element(w, "PrDocumentModeCode", document.Code);
            Element(w, "PrDocumentNumber", document.Number);
            if (document.Date is { } date)
            {
                Element(w, "PrDocumentDate", Date(date));
            }

            w.WriteEndElement();
        }

        foreach (var line in sheet.Lines.Where(l => l.Item == number && l.Kind is SheetLineKinds.Duty or SheetLineKinds.Excise or SheetLineKinds.Vat))
        {
            w.WriteStartElement("ESADout_CUCustomsPaymentCalculation", Namespace);
            w.WriteAttributeString("kind", line.Kind);
            Optional(w, "PaymentModeCode", line.PaymentCode ?? PaymentModeCodes.GetValueOrDefault(line.Kind));
            Element(w, "TaxBase", Number(line.Base));
            Element(w, "TaxBaseUnit", line.BaseUnit);
            Element(w, "Rate", line.Rate);
            Element(w, "PaymentAmount", Number(line.Amount));
            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void Organization(XmlWriter w, string name, DeclarationParty party)
    {
        w.WriteStartElement(name, Namespace);
        Element(w, "OrganizationName", party.Name);
        Optional(w, "INN", party.TaxId);
        Optional(w, "Address", party.Address);
        w.WriteEndElement();
    }

    private static void Money(XmlWriter w, string name, decimal amount, string currency)
    {
        w.WriteStartElement(name, Namespace);
        w.WriteAttributeString("currencyCode", currency);
        w.WriteString(Number(amount));
        w.WriteEndElement();
    }

    private static void Element(XmlWriter w, string name, string value) => w.WriteElementString(name, Namespace, value);

    private static void Optional(XmlWriter w, string name, string? value)
    {
        if (value is not null)
        {
            Element(w, name, value);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
