using System.Net;
using System.Net.Http.Json;
using WellWon.Finance.PurchaseOrders.Domain;
using WellWon.Finance.Tests.Http;
using static WellWon.Finance.Tests.PurchaseOrders.PurchaseOrderApi;

namespace WellWon.Finance.Tests.PurchaseOrders;

/// <summary>Purchase orders over HTTP end to end: the real Api, PostgreSQL and Redis, companies and roles from the Companies API.</summary>
public sealed class PurchaseOrderHttpTests(FinanceApiFactory api) : IClassFixture<FinanceApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Outsiders_get_404_viewers_read_members_draft_and_approval_follows_role_and_the_companys_limit()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var created = await member.CreateAsync(Body(c.Id));
        var id = IdOf(created);
        var year = DateTime.UtcNow.Year;
        Assert.Equal(($"PO-{year}-000001", "draft", 13_250.00m), (created.GetProperty("number").GetString(), created.GetProperty("status").GetString(), created.GetProperty("total").GetDecimal()));
        Assert.Equal($"PO-{year}-000002", (await member.CreateAsync(Body(c.Id))).GetProperty("number").GetString());

        using var outsider = api.ClientFor(Guid.NewGuid());
        Assert.Equal(("finance.po.not-found", null), await ProblemAsync(await outsider.GetAsync($"{Root}/{id}", Ct), HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.ActAsync(id, "approve")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"{Root}?companyId={c.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync(Root, Body(c.Id), Ct)).StatusCode);

        using var viewer = api.ClientFor(c.Viewer);
        Assert.Equal(id, IdOf(await viewer.GetOrderAsync(id)));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(Root, Body(c.Id), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"{Root}/{id}", Body(c.Id), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.ActAsync(id, "approve")).StatusCode);

        using var admin = api.ClientFor(c.Admin);
        using var manager = api.ClientFor(c.Manager);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync($"{Root}/settings", new { companyId = c.Id, managerLimitRub = 5_000_000m }, Ct)).StatusCode);
        await JsonAsync(await admin.PutAsJsonAsync($"{Root}/settings", new { companyId = c.Id, managerLimitRub = 1_000_000m }, Ct), HttpStatusCode.OK);
        Assert.Equal(1_000_000m, (await JsonAsync(await viewer.GetAsync($"{Root}/settings?companyId={c.Id}", Ct), HttpStatusCode.OK)).GetProperty("managerLimitRub").GetDecimal());

        // 13,250.00 USD at 90.00 is 1,192,500.00 RUB: above the managers' limit.
        Assert.Equal(("finance.po.approval-limit-exceeded", "total"), await ProblemAsync(await manager.ActAsync(id, "approve"), HttpStatusCode.Forbidden));
        await JsonAsync(await admin.PutAsJsonAsync($"{Root}/settings", new { companyId = c.Id, managerLimitRub = 1_192_500m }, Ct), HttpStatusCode.OK);
        var approved = await JsonAsync(await manager.ActAsync(id, "approve"), HttpStatusCode.OK);
        var approval = approved.GetProperty("approval");
        Assert.Equal(("approved", c.Manager, "manager", 1_192_500m, UsdRate),
            (approved.GetProperty("status").GetString(), approval.GetProperty("by").GetGuid(), approval.GetProperty("role").GetString(),
             approval.GetProperty("rubEquivalent").GetDecimal(), approval.GetProperty("rate").GetDecimal()));

        Assert.Equal(("finance.po.not-draft", "status"), await ProblemAsync(await member.PutAsJsonAsync($"{Root}/{id}", Body(c.Id), Ct), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(("finance.po.status-forbids", "status"), await ProblemAsync(await member.ActAsync(id, "confirm"), HttpStatusCode.UnprocessableEntity));
        await JsonAsync(await member.ActAsync(id, "send"), HttpStatusCode.OK);
        var confirmed = await JsonAsync(await member.ActAsync(id, "confirm", new { supplierReference = "NB-4471" }), HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        var prepayment = confirmed.GetProperty("payments")[0];
        Assert.Equal(("prepayment", 3_975.00m, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10)),
            (prepayment.GetProperty("kind").GetString(), prepayment.GetProperty("amount").GetDecimal(), DateOnly.Parse(prepayment.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("confirmed", (await viewer.GetOrderAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Broken_rules_are_400s_naming_every_field_and_rule_and_a_draft_is_edited_in_place()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        var invalid = await JsonAsync(await member.PostAsJsonAsync(Root, Body(c.Id, iban: "GB82WEST12345698765433", hsCode: "84821"), Ct), HttpStatusCode.BadRequest);
        Assert.Equal("validation.failed", invalid.GetProperty("code").GetString());
        var codes = invalid.GetProperty("codes");
        Assert.Equal(PurchaseOrderErrors.IbanInvalid, codes.GetProperty("supplier.bank.iban")[0].GetString());
        Assert.Equal(PurchaseOrderErrors.HsCodeInvalid, codes.GetProperty("lines[0].hsCode")[0].GetString());
        Assert.True(invalid.GetProperty("errors").TryGetProperty("lines[0].hsCode", out _));

        // A refused PO takes no number.
        var id = IdOf(await member.CreateAsync(Body(c.Id)));
        Assert.EndsWith("-000001", (await member.GetOrderAsync(id)).GetProperty("number").GetString(), StringComparison.Ordinal);
        var edited = await JsonAsync(await member.PutAsJsonAsync($"{Root}/{id}", Body(c.Id, supplier: "Ningbo Seals Ltd."), Ct), HttpStatusCode.OK);
        Assert.Equal("Ningbo Seals Ltd.", edited.GetProperty("supplier").GetProperty("name").GetString());
        Assert.Equal(("contract.amount", PurchaseOrderErrors.TotalExceedsContract),
            await RuleAsync(await member.PutAsJsonAsync($"{Root}/{id}", Body(c.Id, contractAmount: 13_000m), Ct)));
        Assert.Equal(("reason", PurchaseOrderErrors.ReasonRequired), await RuleAsync(await member.ActAsync(id, "cancel", new { reason = " " })));
        Assert.Equal("cancelled", (await JsonAsync(await member.ActAsync(id, "cancel", new { reason = "Wrong supplier" }), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    /// <summary>The one broken rule of a 400: its field and its rule's code.</summary>
    private static async Task<(string Field, string? Code)> RuleAsync(HttpResponseMessage response)
    {
        var problem = await JsonAsync(response, HttpStatusCode.BadRequest);
        var field = Assert.Single(problem.GetProperty("codes").EnumerateObject());
        return (field.Name, field.Value[0].GetString());
    }

    [Fact]
    public async Task An_import_contract_is_never_over_committed_and_a_registered_contract_is_required_from_three_million_roubles()
    {
        var c = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        using var admin = api.ClientFor(c.Admin);
        var first = IdOf(await member.CreateAsync(Body(c.Id, contract: "SH-20", contractAmount: 20_000m)));
        var second = IdOf(await member.CreateAsync(Body(c.Id, contract: "sh-20", contractAmount: 20_000m)));
        await JsonAsync(await admin.ActAsync(first, "approve"), HttpStatusCode.OK);
        Assert.Equal(("finance.po.contract-remaining-exceeded", "contract.amount"), await ProblemAsync(await admin.ActAsync(second, "approve"), HttpStatusCode.UnprocessableEntity));
        Assert.Equal("draft", (await member.GetOrderAsync(second)).GetProperty("status").GetString());

        await JsonAsync(await member.ActAsync(first, "cancel", new { reason = "Merged into the next order" }), HttpStatusCode.OK);
        await JsonAsync(await member.ActAsync(first, "cancel", new { reason = "Again" }), HttpStatusCode.OK);
        await JsonAsync(await admin.ActAsync(second, "approve"), HttpStatusCode.OK);

        // USD 40,000 at 90.00 on the contract's date is 3,600,000 RUB: the bank's unique contract number is needed.
        var unregistered = IdOf(await member.CreateAsync(Body(c.Id, contract: "SH-40", contractAmount: 40_000m, unk: null)));
        Assert.Equal(("finance.po.contract-registration-required", "contract.bankRegistrationNumber"), await ProblemAsync(await admin.ActAsync(unregistered, "approve"), HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Lists_are_the_companys_own_filtered_by_status_supplier_and_contract()
    {
        var c = await api.CompanyAsync();
        var other = await api.CompanyAsync();
        using var member = api.ClientFor(c.Member);
        using var admin = api.ClientFor(c.Admin);
        var bearings = IdOf(await member.CreateAsync(Body(c.Id, supplier: "Ningbo Bearing Co.", contract: "A-1")));
        var seals = IdOf(await member.CreateAsync(Body(c.Id, supplier: "Qingdao 100% Seals", contract: "B-2")));
        using (var otherMember = api.ClientFor(other.Member))
        {
            await otherMember.CreateAsync(Body(other.Id));
        }

        await JsonAsync(await admin.ActAsync(bearings, "approve"), HttpStatusCode.OK);

        async Task<Guid[]> ListAsync(string query) =>
            [.. (await JsonAsync(await member.GetAsync($"{Root}?companyId={c.Id}{query}", Ct), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(IdOf)];

        Assert.Equal([seals, bearings], await ListAsync(string.Empty));
        Assert.Equal([bearings], await ListAsync("&status=approved"));
        Assert.Equal([seals], await ListAsync("&supplier=100%25"));
        Assert.Equal([seals], await ListAsync("&contract=b-2"));
        Assert.Equal(HttpStatusCode.BadRequest, (await member.GetAsync($"{Root}?companyId={c.Id}&status=shipped", Ct)).StatusCode);
    }
}
