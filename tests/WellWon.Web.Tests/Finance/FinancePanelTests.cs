using System.Net;
using WellWon.Web.Components.Finance;
using WellWon.Web.Live;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// Finance on other screens: a shipment's actual landed cost beside the customs estimate per component with the FX difference; a
/// declaration's customs payments open or paid, with Pay for an admin only, refreshed when a payment moves.
/// </summary>
public sealed class FinancePanelTests : FinanceTestContext
{
    private static readonly Guid ShipmentId = Guid.Parse("0196a0c4-7777-7000-8000-000000000001");
    private static readonly Guid DeclarationId = Guid.Parse("0196a0c4-8888-7000-8000-000000000001");
    private static readonly Guid PayableId = Guid.Parse("0196a0c4-8888-7000-8000-000000000002");

    private static string Payables => $"/api/finance/customs-payables?companyId={CompanyId}&declarationId={DeclarationId}";

    private static object Payable(string status, Guid? paymentOrderId = null) => new
    {
        id = PayableId, declarationId = DeclarationId, registrationNumber = "10702010/200326/0001234", duty = 50_000m, excise = 0m, vat = 190_000m, fees = 10_000m,
        total = 250_000m, currency = "RUB", status, paidAt = status == "paid" ? "2026-03-26T10:00:00Z" : null, paymentOrderId,
    };

    [Fact]
    public void The_landed_cost_shows_actual_against_the_estimate_per_component_with_the_fx_difference()
    {
        SignIn("viewer");
        Api.On(HttpMethod.Get, $"/api/finance/landed-cost?companyId={CompanyId}&shipmentId={ShipmentId}", HttpStatusCode.OK, ToJson(new
        {
            shipmentId = ShipmentId, currency = "RUB",
            actual = new { goods = 1_150_000m, freight = 120_000m, insurance = 5_000m, duty = 50_000m, excise = 0m, vat = 190_000m, fees = 10_000m, services = 30_000m, fxDifference = 12_500m, total = 1_567_500m },
            estimate = new { goods = 1_100_000m, freight = 120_000m, insurance = 5_000m, duty = 48_000m, excise = 0m, vat = 185_000m, fees = 10_000m, total = 1_468_000m, basis = "declaration at 91.50 RUB/USD" },
            lines = new[] { new { kind = "goods", source = "supplier-invoice", reference = "INV-889", amount = 1_150_000m } },
        }));

        var panel = Render<LandedCostActualsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId));

        panel.WaitForAssertion(() => Assert.Equal(10, panel.FindAll("[data-testid=landed-actual-row]").Count));
        Assert.Equal("+50\u00a0000.00", panel.Find("[data-component=goods] [data-testid=landed-difference]").TextContent.Trim());
        Assert.Contains("mud-error-text", panel.Find("[data-component=goods] [data-testid=landed-difference]").ClassName, StringComparison.Ordinal);
        Assert.Equal("12\u00a0500.00", panel.Find("[data-component=fxDifference] [data-testid=landed-actual]").TextContent);
        Assert.Equal("—", panel.Find("[data-component=fxDifference] [data-testid=landed-estimate]").TextContent);
        Assert.Equal("1\u00a0567\u00a0500.00", panel.Find("[data-component=total] [data-testid=landed-actual]").TextContent);
        Assert.Contains("91.50 RUB/USD", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shipment_without_bookings_says_so()
    {
        SignIn("viewer");

        var panel = Render<LandedCostActualsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.ShipmentId, ShipmentId));

        panel.WaitForAssertion(() => Assert.Equal("No costs booked for this shipment yet.", panel.Find("[data-testid=landed-actuals-none]").TextContent));
    }

    [Fact]
    public void An_admin_pays_an_open_customs_payable_and_sees_it_paid_after_the_payment_moves()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Payables, HttpStatusCode.OK, ToJson(new[] { Payable("open") }));
        var panel = Render<CustomsPaymentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.DeclarationId, DeclarationId).Add(x => x.Role, "admin"));

        panel.WaitForAssertion(() => Assert.Equal("Open", panel.Find("[data-testid=customs-payable-status]").TextContent));
        Assert.Equal("250\u00a0000.00 RUB", panel.Find("[data-testid=customs-payable-total]").TextContent);
        Assert.Equal($"/finance/payments/new?purpose=customs-payable&id={PayableId}&declarationId={DeclarationId}",
            panel.Find("[data-testid=customs-payable-pay]").GetAttribute("href"));

        var order = Guid.NewGuid();
        Api.On(HttpMethod.Get, Payables, HttpStatusCode.OK, ToJson(new[] { Payable("paid", order) }));
        Live.Push(LiveGroups.Company(CompanyId), "payment", order.ToString(), 6);

        panel.WaitForAssertion(() => Assert.Equal("Paid", panel.Find("[data-testid=customs-payable-status]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=customs-payable-pay]"));
        Assert.Contains("2026-03-26", panel.Find("[data-testid=customs-payable-paid]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_sees_what_is_owed_to_customs_but_is_not_offered_to_pay()
    {
        SignIn("member");
        Api.On(HttpMethod.Get, Payables, HttpStatusCode.OK, ToJson(new[] { Payable("open") }));

        var panel = Render<CustomsPaymentsPanel>(p => p.Add(x => x.CompanyId, CompanyId).Add(x => x.DeclarationId, DeclarationId).Add(x => x.Role, "member"));

        panel.WaitForAssertion(() => panel.Find("[data-testid=customs-payable]"));
        Assert.Empty(panel.FindAll("[data-testid=customs-payable-pay]"));
    }

    [Fact]
    public void A_customs_payment_order_is_pre_filled_for_the_treasury_from_the_payable()
    {
        SignIn("admin");
        Api.On(HttpMethod.Get, Payables, HttpStatusCode.OK, ToJson(new[] { Payable("open") }));
        Navigation.NavigateTo($"/finance/payments/new?purpose=customs-payable&id={PayableId}&declarationId={DeclarationId}");

        var page = Render<WellWon.Web.Components.Pages.Finance.PaymentEditor>();

        page.WaitForAssertion(() => Assert.Equal("250000", page.Find("#payment-form-amount").GetAttribute("value")));
        Assert.Equal("RU", page.Find("#payment-form-country").GetAttribute("value"));
        Assert.Contains("Federal Treasury", page.Find("#payment-form-name").GetAttribute("value"), StringComparison.Ordinal);
        Assert.Contains("10702010/200326/0001234", page.Find("#payment-form-purpose-label").GetAttribute("value"), StringComparison.Ordinal);
    }
}
