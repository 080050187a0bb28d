using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WellWon.AppHost.Tests;

/// <summary>
/// A Kestrel app on a free loopback port answering <c>/scripts/XML_daily.asp?date_req=dd/mm/yyyy</c> as the central bank does
/// (windows-1251 XML, decimal commas): the same <see cref="Rates"/> for whatever day is asked, dated that day. Remembers every day asked.
/// </summary>
internal sealed class FakeCentralBank : IAsyncDisposable
{
    /// <summary>Roubles per <c>Nominal</c> units as published; the yuan is quoted per 10, so its unit rate is a tenth of its value.</summary>
    public static readonly IReadOnlyList<(string Code, string NumCode, int Nominal, decimal Value)> Rates =
    [
        ("USD", "840", 1, 82.1234m),
        ("EUR", "978", 1, 95.4321m),
        ("CNY", "156", 10, 115.6780m),
    ];

    private static readonly Encoding Windows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;

    private readonly WebApplication _app;

    private FakeCentralBank(WebApplication app) => _app = app;

    public ConcurrentQueue<DateOnly> DaysAsked { get; } = new();

    public string BaseUrl => _app.Urls.First() + "/scripts/";

    /// <summary>Roubles per one unit of <paramref name="currency"/>, as the bank's <c>VunitRate</c> says.</summary>
    public static decimal UnitRate(string currency)
    {
        var rate = Rates.Single(r => r.Code == currency);
        return rate.Value / rate.Nominal;
    }

    public static async Task<FakeCentralBank> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var bank = new FakeCentralBank(app);
        app.MapGet("/scripts/XML_daily.asp", (HttpContext http) => bank.Answer(http));
        await app.StartAsync(ct);
        return bank;
    }

    private IResult Answer(HttpContext http)
    {
        if (!DateOnly.TryParseExact(http.Request.Query["date_req"].ToString(), "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Results.BadRequest();
        }

        DaysAsked.Enqueue(day);
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="{day:dd.MM.yyyy}" name="Foreign Currency Market">""");
        foreach (var (code, numCode, nominal, value) in Rates)
        {
            xml.Append(CultureInfo.InvariantCulture, $"""<Valute ID="R{numCode}"><NumCode>{numCode}</NumCode><CharCode>{code}</CharCode><Nominal>{nominal}</Nominal>""")
                .Append(CultureInfo.InvariantCulture, $"<Name>{code}</Name><Value>{Comma(value)}</Value><VunitRate>{Comma(value / nominal)}</VunitRate></Valute>");
        }

        return Results.Bytes(Windows1251.GetBytes(xml.Append("</ValCurs>").ToString()), "application/xml; charset=windows-1251");
    }

    private static string Comma(decimal amount) => amount.ToString("0.0000####", CultureInfo.InvariantCulture).Replace('.', ',');

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
