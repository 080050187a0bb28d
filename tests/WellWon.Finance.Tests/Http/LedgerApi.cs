using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.Finance.Tests.Http;

/// <summary>Short ways to call the ledger's API in tests: a company with an opened ledger, entries, balances.</summary>
internal static class LedgerApi
{
    public const string Root = "/api/finance/ledger";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new company whose owner has opened its ledger, and the owner's client.</summary>
    public static async Task<(Guid Owner, Guid Company, HttpClient Client)> OpenedAsync(this FinanceApiFactory api)
    {
        var owner = Guid.NewGuid();
        var company = await api.CreateCompanyAsync(owner);
        var client = api.ClientFor(owner);
        await JsonAsync(await client.PostAsJsonAsync(Root, new { companyId = company }, Ct), HttpStatusCode.Created);
        return (owner, company, client);
    }

    public static object Line(string account, string side, decimal amount, string currency = "RUB", Guid? supplierId = null) =>
        new { account, side, amount, currency, supplierId };

    public static object Entry(Guid id, string description, params object[] lines) => new { id, description, lines };

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, Guid company, params object[] entries) =>
        client.PostAsJsonAsync($"{Root}/entries", new { companyId = company, entries }, Ct);

    /// <summary>Bank <paramref name="currency"/> funded from opening balances.</summary>
    public static async Task FundAsync(this HttpClient client, Guid company, decimal amount, string currency = "RUB", DateTimeOffset? effectiveAt = null)
    {
        var entry = new
        {
            id = Guid.NewGuid(), description = "Opening balance", effectiveAt,
            lines = new[] { Line($"1010.{currency}", "debit", amount, currency), Line($"3010.{currency}", "credit", amount, currency) },
        };
        await JsonAsync(await client.PostAsJsonAsync($"{Root}/entries", new { companyId = company, entries = new[] { entry } }, Ct), HttpStatusCode.Created);
    }

    public static async Task<JsonElement> AccountAsync(this HttpClient client, Guid company, string code, DateTimeOffset? asOf = null)
    {
        var url = asOf is { } at ? $"{Root}/balances?companyId={company}&asOf={Uri.EscapeDataString(at.ToString("O"))}" : $"{Root}/balances?companyId={company}";
        var balances = await JsonAsync(await client.GetAsync(url, Ct), HttpStatusCode.OK);
        return balances.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("code").GetString() == code);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The problem's code, field and account, after checking its status.</summary>
    public static async Task<(string? Code, string? Field, string? Account)> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        string? Text(string name) => problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return (Text("code"), Text("field"), Text("account"));
    }
}
