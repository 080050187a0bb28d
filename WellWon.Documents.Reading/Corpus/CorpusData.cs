namespace WellWon.Documents.Reading.Corpus;

public sealed record Party(string Name, string Address);

public sealed record Product(string En, string Ru, string HsCode, string Unit, decimal MinPrice, decimal MaxPrice, decimal NetKgPerUnit, int UnitsPerPackage);

/// <summary>A supplier: its name, its layout, where its goods come from, how it trades and numbers its invoices.</summary>
public sealed record Supplier(
    string Key,
    Party Party,
    string Layout,
    string[] Origins,
    string[] Currencies,
    (string Term, string PlaceEn, string PlaceRu)[] Deliveries,
    string NumberPrefix,
    string PackageKind,
    Product[] Products);

public sealed record InvoiceLine(Product Product, int Quantity, decimal UnitPrice, decimal Amount, string Origin, int Packages, decimal NetKg, decimal GrossKg);

/// <summary>One shipment's invoice and packing list content, before it is laid out in a language.</summary>
public sealed record InvoiceContent(
    Supplier Supplier,
    string Language,
    Party Buyer,
    string Number,
    DateOnly Date,
    string Contract,
    string Currency,
    string Incoterm,
    string Place,
    IReadOnlyList<InvoiceLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);

    public decimal NetKg => Lines.Sum(l => l.NetKg);

    public decimal GrossKg => Lines.Sum(l => l.GrossKg);

    public int Packages => Lines.Sum(l => l.Packages);
}

/// <summary>The realistic but invented suppliers, buyers and goods the corpus draws from (HS chapters 84, 85, 61, 62, 94).</summary>
public static class CorpusData
{
    private static readonly Product[] Machinery =
    [
        new("Centrifugal water pump", "Насос центробежный водяной", "8413702100", "PCE", 80, 400, 12.5m, 2),
        new("Air compressor 50 L", "Компрессор воздушный 50 л", "8414802200", "PCE", 120, 600, 38m, 1),
        new("Ball bearing 6205", "Подшипник шариковый 6205", "8482102009", "PCE", 0.8m, 4, 0.13m, 100),
        new("Hydraulic valve DN25", "Клапан гидравлический DN25", "8481201009", "PCE", 15, 90, 2.4m, 10),
        new("Laptop computer 15.6 inch", "Ноутбук 15,6 дюйма", "8471300000", "PCE", 250, 900, 2.1m, 5),
    ];

    private static readonly Product[] Electrical =
    [
        new("LED lamp 12 W", "Лампа светодиодная 12 Вт", "8539520009", "PCE", 0.6m, 3, 0.08m, 100),
        new("Electric motor 2.2 kW", "Электродвигатель 2,2 кВт", "8501522001", "PCE", 70, 260, 18m, 1),
        new("Phone charger 20 W", "Зарядное устройство 20 Вт", "8504405590", "PCE", 2, 9, 0.11m, 50),
        new("Power cable 3x2.5 mm", "Кабель силовой 3х2,5 мм", "8544499108", "MTR", 0.4m, 2, 0.12m, 200),
        new("Wireless headphones", "Наушники беспроводные", "8518300009", "PCE", 6, 40, 0.25m, 20),
    ];

    private static readonly Product[] Clothing =
    [
        new("Men's cotton T-shirt", "Футболка мужская хлопковая", "6109100000", "PCE", 1.5m, 7, 0.18m, 50),
        new("Women's knitted sweater", "Свитер женский трикотажный", "6110209100", "PCE", 6, 25, 0.45m, 20),
        new("Children's cotton socks", "Носки детские хлопковые", "6115950000", "PR", 0.3m, 1.5m, 0.04m, 200),
        new("Men's denim jeans", "Джинсы мужские", "6203423100", "PCE", 7, 30, 0.7m, 25),
        new("Women's cotton blouse", "Блузка женская хлопковая", "6206300000", "PCE", 4, 18, 0.2m, 40),
    ];

    private static readonly Product[] Furniture =
    [
        new("Office chair", "Кресло офисное", "9401310000", "PCE", 25, 120, 11m, 1),
        new("Wooden dining table", "Стол обеденный деревянный", "9403608009", "PCE", 60, 300, 28m, 1),
        new("Metal bed frame", "Каркас кровати металлический", "9403200009", "SET", 40, 180, 24m, 1),
        new("LED ceiling light", "Светильник потолочный", "9405119009", "PCE", 8, 45, 1.6m, 8),
    ];

    public static readonly Supplier[] Suppliers =
    [
        new("ningbo-huaxin", new("Ningbo Huaxin Machinery Co., Ltd.", "No. 88 Jiangnan Road, Ningbo, Zhejiang, China"), "A", ["CN"], ["USD", "CNY"],
            [("FOB", "Ningbo", "Ningbo"), ("CIF", "Saint Petersburg", "Санкт-Петербург"), ("CFR", "Vladivostok", "Владивосток")], "HX", "CT", Machinery),
        new("shenzhen-brightway", new("Shenzhen Brightway Electronics Co., Ltd.", "Building 5, Bao'an District, Shenzhen, China"), "A", ["CN", "VN"], ["USD", "CNY"],
            [("FOB", "Shenzhen", "Shenzhen"), ("CIF", "Vladivostok", "Владивосток")], "BW", "CT", Electrical),
        new("anatolia-tekstil", new("Anatolia Tekstil Sanayi A.S.", "Organize Sanayi Bolgesi 12, Bursa, Turkey"), "B", ["TR"], ["USD", "EUR"],
            [("FCA", "Bursa", "Bursa"), ("DAP", "Moscow", "Москва"), ("CPT", "Novorossiysk", "Новороссийск")], "AT", "BG", Clothing),
        new("bursa-mobilya", new("Bursa Mobilya Ticaret Ltd. Sti.", "Inegol Caddesi 45, Bursa, Turkey"), "B", ["TR", "CN"], ["EUR", "USD"],
            [("FCA", "Istanbul", "Istanbul"), ("DAP", "Kazan", "Казань")], "BM", "PX", Furniture),
        new("hansa-maschinenbau", new("Hansa Maschinenbau GmbH", "Hafenstrasse 17, 20457 Hamburg, Germany"), "C", ["DE", "IT", "PL"], ["EUR"],
            [("EXW", "Hamburg", "Hamburg"), ("DAP", "Moscow", "Москва"), ("FCA", "Bremen", "Bremen")], "RE", "CS", Machinery),
        new("rheinland-elektro", new("Rheinland Elektro AG", "Industriestrasse 3, 50667 Koeln, Germany"), "C", ["DE", "CN", "PL"], ["EUR", "USD"],
            [("FCA", "Koeln", "Koeln"), ("DAP", "Minsk", "Минск")], "RK", "PX", Electrical),
    ];

    /// <summary>A supplier whose labels no rule knows ("Document ID", "Beneficiary"): read right only after a template is learned.</summary>
    public static readonly Supplier Unusual =
        new("guangzhou-lianfa", new("Guangzhou Lianfa Trading Co., Ltd.", "Room 1203, Tianhe Road 228, Guangzhou, China"), "D", ["CN"], ["USD"],
            [("FOB", "Guangzhou", "Guangzhou"), ("CIF", "Novorossiysk", "Новороссийск")], "LF", "CT", Electrical);

    private static readonly (Party En, Party Ru)[] Buyers =
    [
        (new("Vector Trade LLC", "5 Mira Street, 190000 Saint Petersburg, Russia"), new("ООО «Вектор Трейд»", "190000, Санкт-Петербург, ул. Мира, д. 5")),
        (new("Severny Import LLC", "12 Lenina Avenue, 690091 Vladivostok, Russia"), new("ООО «Северный Импорт»", "690091, Владивосток, пр-т Ленина, д. 12")),
        (new("Baltic Logistics JSC", "3 Portovaya Street, 236000 Kaliningrad, Russia"), new("АО «Балтийская логистика»", "236000, Калининград, ул. Портовая, д. 3")),
    ];

    public static InvoiceContent Invoice(Random random, Supplier supplier, string language)
    {
        var buyer = Buyers[random.Next(Buyers.Length)];
        var delivery = supplier.Deliveries[random.Next(supplier.Deliveries.Length)];
        var date = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 700));
        var lines = new List<InvoiceLine>();
        var products = supplier.Products.OrderBy(_ => random.Next()).Take(random.Next(3, Math.Min(6, supplier.Products.Length) + 1));
        foreach (var product in products)
        {
            var quantity = product.UnitsPerPackage * random.Next(1, 40) + (random.Next(3) == 0 ? random.Next(1, product.UnitsPerPackage + 1) : 0);
            var price = Math.Round(product.MinPrice + (product.MaxPrice - product.MinPrice) * (decimal)random.NextDouble(), 2);
            var packages = (quantity + product.UnitsPerPackage - 1) / product.UnitsPerPackage;
            var net = Math.Round(product.NetKgPerUnit * quantity, 2);
            var gross = Math.Round(net * (1.04m + (decimal)random.NextDouble() * 0.1m) + packages * 0.4m, 2);
            lines.Add(new InvoiceLine(product, quantity, price, Math.Round(price * quantity, 2), supplier.Origins[random.Next(supplier.Origins.Length)], packages, net, gross));
        }

        return new InvoiceContent(
            supplier,
            language,
            language == "ru" ? buyer.Ru : buyer.En,
            $"{supplier.NumberPrefix}-{date.Year}-{random.Next(100, 9999):0000}",
            date,
            $"{supplier.NumberPrefix}/{random.Next(1, 60):00}-{date.Year - random.Next(0, 2)}",
            supplier.Currencies[random.Next(supplier.Currencies.Length)],
            delivery.Term,
            language == "ru" ? delivery.PlaceRu : delivery.PlaceEn,
            lines);
    }
}
