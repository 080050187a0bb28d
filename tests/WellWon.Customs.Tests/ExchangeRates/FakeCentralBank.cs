using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WellWon.Customs.Tests.ExchangeRates;

/// <summary>
/// A small Kestrel app on a free local port serving <c>/scripts/XML_daily.asp?date_req=dd/mm/yyyy</c> as the central bank does:
/// the payload set for the requested day (windows-1251), after as many failures (<see cref="FailNext"/>) as asked for.
/// </summary>
internal sealed class FakeCentralBank : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeCentralBank(WebApplication app) => _app = app;

    public ConcurrentDictionary<DateOnly, byte[]> Payloads { get; } = new();

    /// <summary>Statuses answered, in order, before any payload (503, 500…).</summary>
    public ConcurrentQueue<int> FailNext { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public string BaseUrl => _app.Urls.First() + "/scripts/";

    public static async Task<FakeCentralBank> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var bank = new FakeCentralBank(app);
        app.MapGet("/scripts/XML_daily.asp", (HttpContext http) => bank.Answer(http));
        await app.StartAsync();
        return bank;
    }

    private IResult Answer(HttpContext http)
    {
        var dateReq = http.Request.Query["date_req"].ToString();
        Requests.Enqueue(dateReq);
        if (FailNext.TryDequeue(out var status))
        {
            return Results.StatusCode(status);
        }

        return DateOnly.TryParseExact(dateReq, "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && Payloads.TryGetValue(day, out var payload)
            ? Results.Bytes(payload, "application/xml; charset=windows-1251")
            : Results.NotFound();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
