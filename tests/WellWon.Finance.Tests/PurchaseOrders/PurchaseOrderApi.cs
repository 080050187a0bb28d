using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using WellWon.Finance.Tests.Http;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>Short ways to call the purchase orders' API in tests: a company with its people, a PO's body, rates of the day.</summary>
internal static class PurchaseOrderApi
{
    public const string Root = "/api/finance/purchase-orders";

    /// <summary>The central bank's USD rate the tests store for every day they need.</summary>
    public const decimal UsdRate = 90m;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed record Company(Guid Id, Guid Owner, Guid Admin, Guid Manager, Guid Member, Guid Viewer);

    /// <summary>A new company with a participant in every role, and the USD rates of today and of the contracts' date stored.</summary>
    public static async Task<Company> CompanyAsync(this FinanceApiFactory api)
    {
        var (owner, admin, manager, member, viewer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var company = await api.CreateCompanyAsync(owner, "Baltic Bearings Import");
        await api.JoinCompanyAsync(owner, company, admin, "admin");
        await api.JoinCompanyAsync(owner, company, manager, "manager");
        await api.JoinCompanyAsync(owner, company, member, "member");
        await api.JoinCompanyAsync(owner, company, viewer, "viewer");
        await api.StoreUsdRateAsync(DateOnly.FromDateTime(DateTime.UtcNow));
        await api.StoreUsdRateAsync(ContractDate);
        return new Company(company, owner, admin, manager, member, viewer);
    }

    public static readonly DateOnly ContractDate = new(2026, 1, 15);

    /// <summary>A day's USD rate as Customs' rates store keeps it (the central bank itself is out of reach in tests).</summary>
    public static async Task StoreUsdRateAsync(this FinanceApiFactory api, DateOnly day)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(api.Database));
        foreach (var sql in new[]
        {
            "INSERT INTO customs.exchange_rates (rate_date, currency, revision, nominal, value, unit_rate, source, fetched_at) VALUES ($1, 'USD', 1, 1, $2, $2, 'test', now()) ON CONFLICT DO NOTHING",
            "INSERT INTO customs.exchange_rate_fetches (requested_date, rates_date, fetched_at) VALUES ($1, $1, now()) ON CONFLICT DO NOTHING",
        })
        {
            await using var insert = db.CreateCommand(sql);
            insert.Parameters.Add(new NpgsqlParameter { Value = day });
            if (sql.Contains("$2", StringComparison.Ordinal))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = UsdRate });
            }

            await insert.ExecuteNonQueryAsync(Ct);
        }
    }

    /// <summary>1,000 bearings at 12.50 and 200 oil seals at 3.75 USD (13,250.00), FOB Shanghai, under contract <paramref name="contract"/>.</summary>
    public static object Body(Guid company, string contract = "SH-2026/01", decimal contractAmount = 100_000m, string? unk = "26010001/1481/0000/2/1",
        string supplier = "Ningbo Bearing Co.", string? iban = "GB82WEST12345698765432", string? hsCode = "8482105000") => new
    {
        companyId = company,
        supplier = new { name = supplier, country = "CN", address = "No. 8 Harbour Rd, Ningbo", bank = new { iban, swift = "BKCHCNBJ92A", bankName = "Bank of China" } },
        currency = "USD",
        lines = new object[]
        {
            new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode, quantity = 1000, unit = "pcs", unitPrice = 12.50m },
            new { description = "Oil seals 35x52x7", quantity = 200, unit = "pcs", unitPrice = 3.75m },
        },
        incoterm = "FOB",
        incotermPlace = "Shanghai",
        paymentTerms = new { prepaymentPercent = 30, prepaymentDays = 10, balanceBasis = "after_arrival", balanceDays = 30 },
        contract = new { number = contract, date = ContractDate, currency = "USD", amount = contractAmount, bankRegistrationNumber = unk },
        expectedDelivery = new DateOnly(2026, 5, 1),
    };

    public static async Task<JsonElement> CreateAsync(this HttpClient client, object body) =>
        await JsonAsync(await client.PostAsJsonAsync(Root, body, Ct), HttpStatusCode.Created);

    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, Guid id, string action, object? body = null) =>
        client.PostAsJsonAsync($"{Root}/{id}/{action}", body ?? new { }, Ct);

    public static async Task<JsonElement> GetOrderAsync(this HttpClient client, Guid id) =>
        await JsonAsync(await client.GetAsync($"{Root}/{id}", Ct), HttpStatusCode.OK);

    public static Guid IdOf(JsonElement order) => order.GetProperty("id").GetGuid();

    public static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected) => LedgerApi.JsonAsync(response, expected);

    /// <summary>The problem's code and field, after checking its status.</summary>
    public static async Task<(string? Code, string? Field)> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var (code, field, _) = await LedgerApi.ProblemAsync(response, expected);
        return (code, field);
    }
}
