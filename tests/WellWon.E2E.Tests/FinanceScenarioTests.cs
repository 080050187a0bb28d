using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WellWon.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static WellWon.E2E.Tests.Infrastructure.PageActions;

namespace WellWon.E2E.Tests;

/// <summary>
/// A company's owner pays a supplier's invoice in the browser: from the invoice, Pay opens the payment form, the beneficiary's bank
/// details are entered and the order sent; the payment's page then follows the order live, through the transfer the simulated bank
/// holds for 5 s to its confirmation, without a reload. Afterwards nothing is owed and the rouble account's statement shows the
/// payment. What is not the subject is arranged over HTTP: the company, its ledger with a rouble opening balance, a rouble purchase
/// order approved, sent and confirmed (roubles need no central-bank rate), and the supplier's invoice, whose difference (no goods
/// received yet) is approved.
/// </summary>
public sealed partial class FinanceScenarioTests(WellWonApp app, Chromium chromium) : IAsyncDisposable
{
    private const decimal Opening = 2_000_000.00m;
    private const decimal Quantity = 1_000m;
    private const decimal UnitPrice = 245.60m;
    private const decimal Total = 245_600.00m;

    // A German supplier's real-shaped IBAN (mod 97 holds) and its bank's BIC.
    private const string SupplierName = "Rheinland Wälzlager GmbH";
    private const string Iban = "DE89370400440532013000";
    private const string Bic = "COBADEFFXXX";
    private const string BankName = "Commerzbank AG";

    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(30);

    private readonly Scenario _scenario = new(chromium, app);

    [Fact]
    public async Task Paying_a_supplier_invoice_in_the_browser_follows_the_payment_live_to_the_banks_confirmation()
    {
        var ct = TestContext.Current.CancellationToken;
        var started = Stopwatch.GetTimestamp();
        var owner = Person.New("Fiona", "Finance");
        var page = await _scenario.OpenUserAsync("F");
        await page.SignUpAsync(owner);

        using var api = await ApiClient.SignInAsync(app.Api, owner.Email, owner.Password, ct);
        var (invoiceId, invoiceNumber) = await ArrangeApprovedInvoiceAsync(api, ct);

        // The invoice, opened by its address: approved, so its owner may pay it.
        await page.GotoAsync($"/finance/invoices/{invoiceId}");
        await Expect(page.GetByTestId("invoice-number")).ToHaveTextAsync(invoiceNumber, new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("invoice-status-chip")).ToHaveAttributeAsync("data-status", "approved");
        await page.WaitInteractiveAsync();
        await _scenario.StepAsync(page, "the approved invoice");

        // Pay is a link: the form opens with what the invoice settles, its amount and currency.
        await page.Locator("#invoice-pay").ClickAsync();
        await Expect(page).ToHaveURLAsync(NewPaymentAddress(), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
        var amount = page.Locator("#payment-form-amount");
        await Expect(amount).ToHaveValueAsync(new Regex(@"^245[\s,\u00a0]?600(\.00?)?$"), new LocatorAssertionsToHaveValueOptions { Timeout = Ms(Patience) });
        await Expect(page.Locator("#payment-form-purpose-label")).ToHaveValueAsync(new Regex(Regex.Escape(invoiceNumber)));
        await page.WaitInteractiveAsync();

        // The beneficiary as the supplier's letter gives it; each field reaches the circuit as it is typed.
        await page.Locator("#payment-form-name").FillAsync(SupplierName);
        await page.Locator("#payment-form-country").FillAsync("DE");
        await page.Locator("#payment-form-account").FillAsync(Iban);
        await page.Locator("#payment-form-swift").FillAsync(Bic);
        await page.Locator("#payment-form-bank").FillAsync(BankName);
        await page.Locator("#payment-form-purpose-text").FillAsync($"Payment for invoice {invoiceNumber}, ball bearings 6204-2RS");
        await _scenario.StepAsync(page, "the payment form filled");
        await SendAsync(page);

        // The order's page: numbered, a rouble payment without a quote, and the transfer held by the bank for its 5 s.
        var steps = page.Locator("#payment-steps");
        var status = page.GetByTestId("payment-status-chip");
        await Expect(page.GetByTestId("payment-number")).ToHaveTextAsync(PaymentNumber(), new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        var paymentNumber = (await page.GetByTestId("payment-number").TextContentAsync())!.Trim();
        var paymentAddress = page.Url;
        await Expect(page.GetByTestId("payment-no-quote")).ToBeVisibleAsync();
        await Expect(status).ToHaveAttributeAsync("data-status", "sent", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        await Expect(Step(steps, "transfer-sent")).ToHaveAttributeAsync("data-status", "done");
        await Expect(Step(steps, "confirmed")).Not.ToHaveAttributeAsync("data-status", "done");
        await _scenario.StepAsync(page, "the transfer sent, waiting for the bank");

        // The bank confirms: the same page, never reloaded, shows the order completed with its bank reference.
        await Expect(status).ToHaveAttributeAsync("data-status", "completed", new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Eventually) });
        Assert.Equal(paymentAddress, page.Url);
        foreach (var (step, expected) in new[]
        {
            ("quote", "skipped"), ("rate-locked", "skipped"), ("debited", "done"), ("credited", "skipped"), ("transfer-sent", "done"), ("confirmed", "done"),
        })
        {
            await Expect(Step(steps, step)).ToHaveAttributeAsync("data-status", expected, new LocatorAssertionsToHaveAttributeOptions { Timeout = Ms(Patience) });
        }

        await Expect(page.GetByTestId("payment-bank-reference")).ToHaveTextAsync(new Regex("^SIMB"));
        await _scenario.StepAsync(page, "the payment completed");

        // Nothing is owed any more: the invoice has left the payables.
        await page.GotoAsync("/finance");
        await Expect(page.GetByTestId("payables-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = Ms(Patience) });
        await Expect(page.GetByTestId("payable-link").GetByText(invoiceNumber)).ToHaveCountAsync(0);
        await _scenario.StepAsync(page, "nothing owed");

        // The rouble account: the opening balance less the payment, the payment's line on its statement.
        await page.GotoAsync("/finance/ledger/accounts/1010.RUB");
        await Expect(page.GetByTestId("statement-posted")).ToHaveTextAsync(Rub(Opening - Total) + " RUB", new LocatorAssertionsToHaveTextOptions { Timeout = Ms(Patience) });
        var line = page.Locator("#statement-lines tbody tr").Filter(new LocatorFilterOptions { Has = page.GetByTestId("statement-description").GetByText(paymentNumber) });
        await Expect(line).ToHaveCountAsync(1);
        await Expect(line.GetByTestId("statement-credit")).ToHaveTextAsync(Rub(Total));
        await Expect(line.GetByTestId("statement-balance")).ToHaveTextAsync(Rub(Opening - Total));
        await _scenario.StepAsync(page, "the payment on the rouble account");

        TestContext.Current.SendDiagnosticMessage($"Finance scenario took {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s.");
    }

    /// <summary>
    /// The company, its ledger with the opening balance, a confirmed rouble PO and the supplier's invoice against it, approved: held
    /// first because no goods were received yet, then its difference approved by the owner.
    /// </summary>
    private static async Task<(Guid Id, string Number)> ArrangeApprovedInvoiceAsync(ApiClient api, CancellationToken ct)
    {
        var companyId = (await api.PostAsync("/api/companies", new { name = "Volga Machinery Import " + Guid.NewGuid().ToString("N")[..6], country = "RU", companyType = "importer" }, ct))
            .GetProperty("id").GetGuid();
        await api.PostAsync("/api/finance/ledger", new { companyId }, ct);
        await api.PostAsync("/api/finance/ledger/entries", new
        {
            companyId,
            entries = new[]
            {
                new
                {
                    id = Guid.NewGuid(), description = "Opening balance of the rouble account",
                    lines = new[]
                    {
                        new { account = "1010.RUB", side = "debit", amount = Opening, currency = "RUB" },
                        new { account = "3010.RUB", side = "credit", amount = Opening, currency = "RUB" },
                    },
                },
            },
        }, ct);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var po = await api.PostAsync("/api/finance/purchase-orders", new
        {
            companyId,
            supplier = new { name = SupplierName, country = "DE", address = "Industriestraße 12, 50667 Köln", bank = new { iban = Iban, swift = Bic, bankName = BankName } },
            currency = "RUB",
            lines = new[] { new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode = "8482105000", quantity = Quantity, unit = "pcs", unitPrice = UnitPrice } },
            incoterm = "FCA",
            incotermPlace = "Köln",
            paymentTerms = new { prepaymentPercent = 0, prepaymentDays = 0, balanceBasis = "against_documents", balanceDays = 30 },
            contract = new { number = "RWL-2026/11", date = today.AddDays(-30), currency = "RUB", amount = 1_000_000m },
        }, ct);
        var poUrl = $"/api/finance/purchase-orders/{po.GetProperty("id").GetGuid()}";
        await api.PostAsync($"{poUrl}/approve", new { }, ct);
        await api.PostAsync($"{poUrl}/send", new { }, ct);
        await api.PostAsync($"{poUrl}/confirm", new { supplierReference = "RWL-AB-4711" }, ct);

        var number = "RWL-R-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var invoice = await api.PostAsync("/api/finance/invoices", new
        {
            purchaseOrderId = po.GetProperty("id").GetGuid(), number, invoiceDate = today, currency = "RUB",
            lines = new[] { new { poLineNo = 1, quantity = Quantity, unitPrice = UnitPrice, amount = Total } },
            vat = 0m, total = Total,
        }, ct);
        var invoiceId = invoice.GetProperty("id").GetGuid();
        if (Status(invoice) != "approved")
        {
            var approved = await api.PostAsync($"/api/finance/invoices/{invoiceId}/approve", new { comment = "The goods are on their way; the supplier's documents are in order." }, ct);
            Assert.Equal("approved", Status(approved));
        }

        return (invoiceId, number);
    }

    /// <summary>
    /// Sends the order and waits for its page. A click that reaches the circuit while the form re-renders is dropped (the form then
    /// stays, its button enabled): it is clicked again, and the order's client-chosen id makes a repeat the same order.
    /// </summary>
    private static async Task SendAsync(IPage page)
    {
        var send = page.Locator("#payment-form-send");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await send.ClickAsync();
            try
            {
                await Expect(page).ToHaveURLAsync(PaymentAddress(), new PageAssertionsToHaveURLOptions { Timeout = 8_000 });
                return;
            }
            catch (PlaywrightException)
            {
                if (!await send.IsVisibleAsync() || !await send.IsEnabledAsync())
                {
                    break;
                }
            }
        }

        await Expect(page).ToHaveURLAsync(PaymentAddress(), new PageAssertionsToHaveURLOptions { Timeout = Ms(Patience) });
    }

    private static ILocator Step(ILocator steps, string step) => steps.Locator($"[data-testid=payment-step][data-step='{step}']");

    private static string? Status(JsonElement view) => view.GetProperty("status").GetString();

    /// <summary>Roubles as the Web writes them: two decimals, thousands apart by a no-break space.</summary>
    private static string Rub(decimal amount)
    {
        var format = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        format.NumberGroupSeparator = "\u00a0";
        return amount.ToString("N2", format);
    }

    [GeneratedRegex(@"/finance/payments/new\?")]
    private static partial Regex NewPaymentAddress();

    [GeneratedRegex(@"/finance/payments/[0-9a-f-]{36}$")]
    private static partial Regex PaymentAddress();

    [GeneratedRegex(@"^PAY-\d{4}-\d{6}$")]
    private static partial Regex PaymentNumber();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();
}
