namespace WellWon.Documents.Reading.Extraction;

/// <summary>The labels of header fields and table columns in English and Russian documents (a label's words in order).</summary>
public static class Labels
{
    public static readonly IReadOnlyDictionary<string, string[]> Header = new Dictionary<string, string[]>
    {
        [FieldNames.Seller] = ["Seller", "Exporter", "Shipper", "Consignor", "Supplier", "Продавец", "Экспортер", "Отправитель", "Поставщик", "Грузоотправитель"],
        [FieldNames.Buyer] = ["Buyer", "Importer", "Consignee", "Покупатель", "Импортер", "Получатель", "Грузополучатель"],
        [FieldNames.Number] =
        [
            "Invoice No", "Invoice No.", "Invoice Number", "Invoice #", "Inv. #", "Inv #", "Inv. No", "Packing list No", "Packing List Number", "PL #", "PL No",
            "Инвойс №", "Счет-фактура №", "Счет-фактура/Инвойс №", "Номер инвойса", "Счет №", "Упаковочный лист №", "Номер упаковочного листа",
        ],
        [FieldNames.Date] = ["Date", "Invoice Date", "Дата", "Дата инвойса", "Дата счета", "от"],
        [FieldNames.Contract] = ["Contract No", "Contract", "Contract ref.", "Contract ref", "Контракт №", "Контракт", "Договор", "Договор №"],
        [FieldNames.Currency] = ["Currency", "Валюта", "Валюта платежа"],
        [FieldNames.Incoterms] =
        [
            "Terms of delivery", "Delivery terms", "Delivery terms (Incoterms 2020)", "Incoterms", "Incoterms 2020",
            "Условия поставки", "Условия поставки (Инкотермс 2020)", "Инкотермс", "Базис поставки",
        ],
        [FieldNames.TotalAmount] = ["Total", "Total amount", "Invoice total", "Grand total", "Итого", "Всего по счету", "Итого к оплате", "Сумма итого"],
        [FieldNames.GrossWeight] = ["Gross weight", "Gross Weight (kg)", "Total gross weight", "Вес брутто", "Вес брутто (кг)", "Брутто"],
        [FieldNames.NetWeight] = ["Net weight", "Net Weight (kg)", "Total net weight", "Вес нетто", "Вес нетто (кг)", "Нетто"],
        [FieldNames.PackagesCount] = ["Total packages", "Number of packages", "Packages:", "Всего мест", "Количество мест", "Мест:", "Кол-во мест"],
    };

    /// <summary>Labels whose value sits below them rather than beside them (a party's name under "Seller").</summary>
    public static readonly IReadOnlySet<string> ValueBelow = new HashSet<string> { FieldNames.Seller, FieldNames.Buyer };

    public static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
    {
        [FieldNames.Description] = ["Description of goods", "Description", "Goods", "Наименование товара", "Наименование", "Описание товара", "Описание"],
        [FieldNames.HsCode] = ["HS Code", "HS", "Код ТН ВЭД", "ТН ВЭД", "Код ТНВЭД"],
        [FieldNames.Origin] = ["Country of origin", "Origin", "Страна происхождения", "Страна", "Происх."],
        [FieldNames.Quantity] = ["Quantity", "Qty", "Кол-во", "Кол.", "Количество"],
        [FieldNames.Unit] = ["Unit", "UoM", "Ед. изм.", "Ед."],
        [FieldNames.UnitPrice] = ["Unit Price", "Price", "Цена за ед.", "Цена"],
        [FieldNames.Amount] = ["Amount", "Total", "Сумма", "Стоимость"],
        [FieldNames.Packages] = ["Packages", "Pkgs", "Мест", "Кол-во мест"],
        [FieldNames.NetWeight] = ["Net, kg", "Net kg", "Net", "Нетто, кг", "Нетто кг", "Нетто"],
        [FieldNames.GrossWeight] = ["Gross, kg", "Gross kg", "Gross", "Брутто, кг", "Брутто кг", "Брутто"],
        ["position"] = ["No", "No.", "Pos", "Pos.", "№", "№ п/п"],
    };

    public static readonly string[] Incoterms = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"];

    public static readonly string[] PackingListTitles = ["Packing list", "Упаковочный лист", "Packing specification", "Упаковочная спецификация"];

    public static readonly string[] InvoiceTitles = ["Commercial invoice", "Invoice", "Инвойс", "Счет-фактура", "Коммерческий инвойс"];
}
