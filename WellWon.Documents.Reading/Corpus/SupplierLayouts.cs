using System.Globalization;
using WellWon.Documents.Reading.Extraction;

namespace WellWon.Documents.Reading.Corpus;

/// <summary>
/// Three supplier layouts with their own labels, header blocks, column orders, number and date styles and table styles:
/// A (Chinese exporters: labels beside values, open table), B (Turkish: key-value block, full grid, codes),
/// C (German: parties side by side, ruled header, spelled-out dates). Layout D is A with labels of its own, which
/// only a learned supplier template reads.
/// </summary>
public static class SupplierLayouts
{
    public const double Left = 36;
    public const double Right = PageDrawing.Width - 36;

    private sealed record Column(string Key, string Header, double X, double Width, bool Numeric);

    public static void Draw(PageDrawing page, InvoiceContent doc, DocumentKind kind)
    {
        switch (doc.Supplier.Layout)
        {
            case "A" or "D":
                DrawA(page, doc, kind);
                break;
            case "B":
                DrawB(page, doc, kind);
                break;
            default:
                DrawC(page, doc, kind);
                break;
        }
    }

    private static string L(InvoiceContent doc, string en, string ru) => doc.Language == "ru" ? ru : en;

    private static void DrawA(PageDrawing page, InvoiceContent doc, DocumentKind kind)
    {
        var invoice = kind == DocumentKind.CommercialInvoice;
        var unusual = doc.Supplier.Layout == "D";
        var style = doc.Language == "ru" ? NumberStyle.Space : NumberStyle.Comma;
        page.CenterText(PageDrawing.Width / 2, 60, invoice ? L(doc, "COMMERCIAL INVOICE", "ИНВОЙС") : L(doc, "PACKING LIST", "УПАКОВОЧНЫЙ ЛИСТ"), 15, bold: true);

        page.Text(Left, 95, unusual ? L(doc, "Beneficiary:", "Бенефициар:") : L(doc, "Seller:", "Продавец:"), 9, bold: true);
        page.Text(Left, 109, doc.Supplier.Party.Name, 9);
        page.Text(Left, 121, doc.Supplier.Party.Address, 8);

        var numberLabel = unusual ? L(doc, "Document ID:", "Идентификатор:") : invoice ? L(doc, "Invoice No:", "Инвойс №:") : L(doc, "Packing list No:", "Упаковочный лист №:");
        KeyValue(page, 330, 95, numberLabel, Number(doc, kind));
        KeyValue(page, 330, 109, L(doc, "Date:", "Дата:"), Dates.Print(doc.Date, doc.Language == "ru" ? "dd.MM.yyyy" : "yyyy-MM-dd", doc.Language));
        KeyValue(page, 330, 123, L(doc, "Contract No:", "Контракт №:"), doc.Contract);

        page.Text(Left, 150, L(doc, "Buyer:", "Покупатель:"), 9, bold: true);
        page.Text(Left, 164, doc.Buyer.Name, 9);
        page.Text(Left, 176, doc.Buyer.Address, 8);

        KeyValue(page, Left, 200, L(doc, "Terms of delivery:", "Условия поставки:"), $"{doc.Incoterm} {doc.Place}");
        if (invoice)
        {
            KeyValue(page, Left, 214, L(doc, "Currency:", "Валюта:"), doc.Currency);
        }

        Column[] columns = invoice
            ?
            [
                new(FieldNames.Description, L(doc, "Description", "Наименование"), Left, 150, false) { },
                new(FieldNames.HsCode, L(doc, "HS Code", "Код ТН ВЭД"), 190, 64, false),
                new(FieldNames.Origin, L(doc, "Origin", "Страна"), 258, 52, false),
                new(FieldNames.Quantity, L(doc, "Qty", "Кол-во"), 314, 44, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 364, 34, false),
                new(FieldNames.UnitPrice, L(doc, "Unit Price", "Цена"), 404, 60, true),
                new(FieldNames.Amount, L(doc, "Amount", "Сумма"), 474, Right - 474, true),
            ]
            :
            [
                new(FieldNames.Description, L(doc, "Description", "Наименование"), Left, 190, false),
                new(FieldNames.Quantity, L(doc, "Qty", "Кол-во"), 240, 50, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 298, 40, false),
                new(FieldNames.Packages, L(doc, "Packages", "Мест"), 346, 50, true),
                new(FieldNames.NetWeight, L(doc, "Net, kg", "Нетто, кг"), 404, 60, true),
                new(FieldNames.GrossWeight, L(doc, "Gross, kg", "Брутто, кг"), 474, Right - 474, true),
            ];
        var y = Table(page, doc, columns, 245, style, grid: false, doc.Language == "ru" ? CountryStyle.NameRu : CountryStyle.NameEn);

        y += 6;
        page.Rule(Left, y - 10, Right, y - 10);
        if (invoice)
        {
            page.Text(404, y + 2, L(doc, "Total:", "Итого:"), 9, bold: true);
            page.RightText(Right, y + 2, Numbers.Print(doc.Total, 2, style), 9, bold: true);
            y += 16;
        }

        KeyValue(page, Left, y + 14, L(doc, "Total packages:", "Всего мест:"), $"{doc.Packages} {PackageWord(doc)}");
        KeyValue(page, Left, y + 28, L(doc, "Gross weight:", "Вес брутто:"), $"{Numbers.Print(doc.GrossKg, 2, style)} {L(doc, "kg", "кг")}");
        KeyValue(page, Left, y + 42, L(doc, "Net weight:", "Вес нетто:"), $"{Numbers.Print(doc.NetKg, 2, style)} {L(doc, "kg", "кг")}");
        page.Text(330, y + 80, L(doc, "Signature: ____________", "Подпись: ____________"), 9);
    }

    private static void DrawB(PageDrawing page, InvoiceContent doc, DocumentKind kind)
    {
        var invoice = kind == DocumentKind.CommercialInvoice;
        const NumberStyle style = NumberStyle.Dot;
        page.Text(Left, 56, invoice ? L(doc, "INVOICE", "ИНВОЙС") : L(doc, "PACKING LIST", "УПАКОВОЧНЫЙ ЛИСТ"), 18, bold: true);
        page.RightText(Right, 56, doc.Supplier.Party.Name, 8);

        var valueX = 170.0;
        var rows = new List<(string, string)>
        {
            (invoice ? L(doc, "Invoice Number", "Номер инвойса") : L(doc, "Packing List Number", "Номер упаковочного листа"), Number(doc, kind)),
            (invoice ? L(doc, "Invoice Date", "Дата инвойса") : L(doc, "Date", "Дата"), Dates.Print(doc.Date, "dd.MM.yyyy", doc.Language)),
            (L(doc, "Contract", "Контракт"), doc.Contract),
            (L(doc, "Incoterms", "Инкотермс"), $"{doc.Incoterm} {doc.Place}"),
        };
        if (invoice)
        {
            rows.Add((L(doc, "Currency", "Валюта"), doc.Currency));
        }

        // Values start past the widest label, as a word processor's tab stop would put them.
        valueX = Math.Max(valueX, rows.Max(r => page.Fonts.Measure(r.Item1, 9, bold: true)) + Left + 18);
        var y = 84.0;
        foreach (var (label, value) in rows)
        {
            page.Text(Left, y, label, 9, bold: true);
            page.Text(valueX, y, value, 9);
            y += 14;
        }

        y += 10;
        page.Text(Left, y, L(doc, "Exporter", "Экспортер"), 9, bold: true);
        page.Text(310, y, L(doc, "Importer", "Импортер"), 9, bold: true);
        page.Text(Left, y + 14, doc.Supplier.Party.Name, 9);
        page.Text(310, y + 14, doc.Buyer.Name, 9);
        page.Text(Left, y + 26, doc.Supplier.Party.Address, 7);
        page.Text(310, y + 26, doc.Buyer.Address, 7);

        Column[] columns = invoice
            ?
            [
                new(FieldNames.Description, L(doc, "Description of goods", "Описание товара"), Left, 170, false),
                new(FieldNames.Quantity, L(doc, "Qty", "Кол."), 210, 44, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 258, 30, false),
                new(FieldNames.UnitPrice, L(doc, "Price", "Цена"), 292, 56, true),
                new(FieldNames.Amount, L(doc, "Amount", "Сумма"), 352, 68, true),
                new(FieldNames.HsCode, L(doc, "HS Code", "Код ТН ВЭД"), 424, 80, false),
                new(FieldNames.Origin, L(doc, "Origin", "Происх."), 508, Right - 508, false),
            ]
            :
            [
                new(FieldNames.Description, L(doc, "Description of goods", "Описание товара"), Left, 190, false),
                new(FieldNames.Packages, L(doc, "Packages", "Мест"), 230, 50, true),
                new(FieldNames.Quantity, L(doc, "Qty", "Кол."), 284, 50, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 338, 34, false),
                new(FieldNames.GrossWeight, L(doc, "Gross kg", "Брутто кг"), 376, 66, true),
                new(FieldNames.NetWeight, L(doc, "Net kg", "Нетто кг"), 446, Right - 446, true),
            ];
        y = Table(page, doc, columns, y + 60, style, grid: true, CountryStyle.Code);
        if (invoice)
        {
            page.Text(Left + 4, y + 2, L(doc, "TOTAL AMOUNT", "ИТОГО"), 9, bold: true);
            page.RightText(420 - 4, y + 2, Numbers.Print(doc.Total, 2, style), 9, bold: true);
            page.Rule(Left, y + 7, 420, y + 7);
            y += 12;
        }

        y += 24;
        foreach (var (label, value) in new[]
        {
            (L(doc, "Number of packages", "Количество мест"), $"{doc.Packages} {PackageWord(doc)}"),
            (L(doc, "Net Weight (kg)", "Вес нетто (кг)"), Numbers.Print(doc.NetKg, 2, style)),
            (L(doc, "Gross Weight (kg)", "Вес брутто (кг)"), Numbers.Print(doc.GrossKg, 2, style)),
        })
        {
            page.Text(Left, y, label, 9, bold: true);
            page.Text(valueX, y, value, 9);
            y += 14;
        }
    }

    private static void DrawC(PageDrawing page, InvoiceContent doc, DocumentKind kind)
    {
        var invoice = kind == DocumentKind.CommercialInvoice;
        var style = doc.Language == "ru" ? NumberStyle.Space : NumberStyle.Comma;
        page.Text(Left, 50, L(doc, "Seller", "Продавец"), 8, bold: true);
        page.Text(310, 50, L(doc, "Buyer", "Покупатель"), 8, bold: true);
        page.Text(Left, 63, doc.Supplier.Party.Name, 10);
        page.Text(310, 63, doc.Buyer.Name, 10);
        page.Text(Left, 75, doc.Supplier.Party.Address, 7);
        page.Text(310, 75, doc.Buyer.Address, 7);

        page.Text(Left, 115, invoice ? L(doc, "Commercial Invoice", "Счет-фактура") : L(doc, "Packing List", "Упаковочный лист"), 16, bold: true);
        var date = doc.Language == "ru" ? Dates.Print(doc.Date, "d MMMM yyyy", "ru") + " г." : Dates.Print(doc.Date, "MMMM d, yyyy", "en");
        KeyValue(page, Left, 140, invoice ? L(doc, "Inv. #", "Счет-фактура №") : L(doc, "PL #", "Упаковочный лист №"), Number(doc, kind));
        KeyValue(page, 310, 140, L(doc, "Date:", "Дата:"), date);
        KeyValue(page, Left, 154, L(doc, "Contract ref.:", "Договор:"), doc.Contract);
        KeyValue(page, Left, 168, L(doc, "Delivery terms (Incoterms 2020):", "Условия поставки (Инкотермс 2020):"), $"{doc.Incoterm} {doc.Place}");
        if (invoice)
        {
            KeyValue(page, 310, 154, L(doc, "Currency:", "Валюта:"), doc.Currency);
        }

        Column[] columns = invoice
            ?
            [
                new(FieldNames.HsCode, L(doc, "HS Code", "Код ТН ВЭД"), Left, 66, false),
                new(FieldNames.Description, L(doc, "Description", "Наименование"), 106, 156, false),
                new(FieldNames.Origin, L(doc, "Origin", "Страна"), 266, 52, false),
                new(FieldNames.Quantity, L(doc, "Quantity", "Кол-во"), 322, 46, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 374, 30, false),
                new(FieldNames.UnitPrice, L(doc, "Price", "Цена"), 408, 60, true),
                new(FieldNames.Amount, L(doc, "Total", "Сумма"), 474, Right - 474, true),
            ]
            :
            [
                new(FieldNames.Description, L(doc, "Description", "Наименование"), Left, 200, false),
                new(FieldNames.Quantity, L(doc, "Quantity", "Кол-во"), 240, 50, true),
                new(FieldNames.Unit, L(doc, "Unit", "Ед."), 296, 34, false),
                new(FieldNames.Packages, L(doc, "Packages", "Мест"), 336, 56, true),
                new(FieldNames.GrossWeight, L(doc, "Gross kg", "Брутто кг"), 398, 66, true),
                new(FieldNames.NetWeight, L(doc, "Net kg", "Нетто кг"), 470, Right - 470, true),
            ];
        page.Rule(Left, 184, Right, 184, 1);
        var y = Table(page, doc, columns, 196, style, grid: false, doc.Language == "ru" ? CountryStyle.NameRu : CountryStyle.NameEn, headerRule: true);
        page.Rule(Left, y - 10, Right, y - 10, 1);
        if (invoice)
        {
            page.Text(330, y + 4, L(doc, "Invoice total", "Всего по счету"), 9, bold: true);
            page.RightText(Right, y + 4, $"{doc.Currency} {Numbers.Print(doc.Total, 2, style)}", 9, bold: true);
            y += 14;
        }

        y += 22;
        KeyValue(page, Left, y, L(doc, "Net weight:", "Вес нетто:"), $"{Numbers.Print(doc.NetKg, 2, style)} {L(doc, "kg", "кг")}");
        KeyValue(page, 310, y, L(doc, "Gross weight:", "Вес брутто:"), $"{Numbers.Print(doc.GrossKg, 2, style)} {L(doc, "kg", "кг")}");
        KeyValue(page, Left, y + 14, L(doc, "Packages:", "Мест:"), $"{doc.Packages} {PackageWord(doc)}");
    }

    private static void KeyValue(PageDrawing page, double x, double baseline, string label, string value)
    {
        page.Text(x, baseline, label, 9, bold: true);
        page.Text(x + page.Fonts.Measure(label, 9, bold: true) + 9, baseline, value, 9);
    }

    private static double Table(PageDrawing page, InvoiceContent doc, Column[] columns, double top, NumberStyle style, bool grid, CountryStyle countries, bool headerRule = false)
    {
        const double rowHeight = 16, size = 8;
        var y = top;
        foreach (var column in columns)
        {
            page.Text(column.X + (grid ? 3 : 0), y, column.Header, size, bold: true);
        }

        if (grid || headerRule)
        {
            page.Rule(Left, y + 5, Right, y + 5);
        }

        var tableTop = y - 12;
        foreach (var line in doc.Lines)
        {
            y += rowHeight;
            foreach (var column in columns)
            {
                var text = Cell(doc, line, column.Key, style, countries, grid);
                if (column.Numeric)
                {
                    page.RightText(column.X + column.Width - (grid ? 3 : 4), y, text, size);
                }
                else
                {
                    page.Text(column.X + (grid ? 3 : 0), y, text, size);
                }
            }

            if (grid)
            {
                page.Rule(Left, y + 5, Right, y + 5);
            }
        }

        if (grid)
        {
            page.Rule(Left, tableTop, Right, tableTop);
            foreach (var x in columns.Select(c => c.X).Append(Right))
            {
                page.Rule(x, tableTop, x, y + 5);
            }
        }

        return y + rowHeight;
    }

    private static string Cell(InvoiceContent doc, InvoiceLine line, string key, NumberStyle style, CountryStyle countries, bool grid) => key switch
    {
        FieldNames.Description => doc.Language == "ru" ? line.Product.Ru : line.Product.En,
        FieldNames.HsCode => grid
            ? $"{line.Product.HsCode[..4]}.{line.Product.HsCode[4..6]}.{line.Product.HsCode[6..8]}.{line.Product.HsCode[8..]}"
            : doc.Supplier.Layout == "C" ? $"{line.Product.HsCode[..4]} {line.Product.HsCode[4..6]} {line.Product.HsCode[6..9]} {line.Product.HsCode[9..]}" : line.Product.HsCode,
        FieldNames.Origin => countries switch
        {
            CountryStyle.Code => line.Origin,
            CountryStyle.NameRu => Countries.NameRu(line.Origin),
            _ => Countries.NameEn(line.Origin),
        },
        FieldNames.Quantity => Numbers.Print(line.Quantity, 0, style),
        FieldNames.Unit => Units.Print(line.Product.Unit, doc.Language),
        FieldNames.UnitPrice => Numbers.Print(line.UnitPrice, 2, style),
        FieldNames.Amount => Numbers.Print(line.Amount, 2, style),
        FieldNames.Packages => Numbers.Print(line.Packages, 0, style),
        FieldNames.NetWeight => Numbers.Print(line.NetKg, 2, style),
        FieldNames.GrossWeight => Numbers.Print(line.GrossKg, 2, style),
        _ => "",
    };

    private static string Number(InvoiceContent doc, DocumentKind kind) => kind == DocumentKind.PackingList ? "PL-" + doc.Number : doc.Number;

    private static string PackageWord(InvoiceContent doc) => Units.PrintPackage(doc.Supplier.PackageKind, doc.Language);

    private enum CountryStyle
    {
        Code,
        NameEn,
        NameRu,
    }

    /// <summary>The ground truth of a laid-out document, in normalised form.</summary>
    public static DocumentTruth Truth(InvoiceContent doc, DocumentKind kind)
    {
        var invoice = kind == DocumentKind.CommercialInvoice;
        var fields = new Dictionary<string, string>
        {
            [FieldNames.Seller] = doc.Supplier.Party.Name,
            [FieldNames.Buyer] = doc.Buyer.Name,
            [FieldNames.Number] = Number(doc, kind),
            [FieldNames.Date] = doc.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [FieldNames.GrossWeight] = Numbers.Canonical(doc.GrossKg),
            [FieldNames.NetWeight] = Numbers.Canonical(doc.NetKg),
        };
        if (invoice)
        {
            fields[FieldNames.Contract] = doc.Contract;
            fields[FieldNames.Currency] = doc.Currency;
            fields[FieldNames.Incoterms] = doc.Incoterm;
            fields[FieldNames.IncotermsPlace] = doc.Place;
            fields[FieldNames.TotalAmount] = Numbers.Canonical(doc.Total);
        }
        else
        {
            fields[FieldNames.PackagesCount] = Numbers.Canonical(doc.Packages);
            fields[FieldNames.PackagesKind] = doc.Supplier.PackageKind;
        }

        var lines = doc.Lines.Select(l => (IReadOnlyDictionary<string, string>)(invoice
            ? new Dictionary<string, string>
            {
                [FieldNames.Description] = doc.Language == "ru" ? l.Product.Ru : l.Product.En,
                [FieldNames.Quantity] = Numbers.Canonical(l.Quantity),
                [FieldNames.Unit] = l.Product.Unit,
                [FieldNames.UnitPrice] = Numbers.Canonical(l.UnitPrice),
                [FieldNames.Amount] = Numbers.Canonical(l.Amount),
                [FieldNames.HsCode] = l.Product.HsCode,
                [FieldNames.Origin] = l.Origin,
            }
            : new Dictionary<string, string>
            {
                [FieldNames.Description] = doc.Language == "ru" ? l.Product.Ru : l.Product.En,
                [FieldNames.Quantity] = Numbers.Canonical(l.Quantity),
                [FieldNames.Unit] = l.Product.Unit,
                [FieldNames.Packages] = Numbers.Canonical(l.Packages),
                [FieldNames.NetWeight] = Numbers.Canonical(l.NetKg),
                [FieldNames.GrossWeight] = Numbers.Canonical(l.GrossKg),
            })).ToList();
        return new DocumentTruth(kind, doc.Language, doc.Supplier.Layout, doc.Supplier.Key, fields, lines);
    }
}
