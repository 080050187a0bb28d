using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The trade-finance walk-through a user does, over HTTP and the hub only, against everything the AppHost starts, with the central
/// bank's rates served by a fake central bank in the test and payments going through the simulated bank: a purchase order in yuan
/// to a Chinese supplier is approved, sent and confirmed; its goods are received through logistics; the supplier's invoice matches
/// and is approved while a second one above the PO's price is held; the matched invoice is paid through the bank (once, however often
/// the order is entered); the ledger's bank account, payable and trial balance show every figure to the fen and kopeck; a prepayment
/// to an account the bank returns fails and is compensated, leaving the books as they were; an outsider learns nothing.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FinanceAcceptanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Eventually = TimeSpan.FromSeconds(60);

    // The simulated bank's own table (WellWon.BankSimulator/appsettings.json): 12.40 RUB per yuan, plus its 1.5 % spread.
    private const decimal BankOfficialCny = 12.40m;
    private const decimal BankSpread = 0.015m;

    // The PO: 1,000 bearings at 24.60 and 400 oil seals at 3.85 CNY.
    private const decimal BearingsQty = 1000m;
    private const decimal BearingsPrice = 24.60m;
    private const decimal SealsQty = 400m;
    private const decimal SealsPrice = 3.85m;
    private const decimal SealsInvoicedPrice = 4.10m;
    private const decimal Opening = 500_000.00m;

    [Fact]
    public async Task A_yuan_purchase_order_is_received_invoiced_matched_paid_through_the_bank_once_and_booked_to_the_kopeck_and_an_outsider_sees_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            await using var centralBank = await FakeCentralBank.StartAsync(ct);
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct,
                $"--Customs:Rates:BaseUrl={centralBank.BaseUrl}",
                "--Customs:Rates:Interval=00:00:10",
                "--Customs:Rates:FirstRetryDelay=00:00:00.200");
            await using var app = await builder.BuildAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(AppHostLauncher.StartTimeout + TimeSpan.FromMinutes(3));
            var token = timeout.Token;
            var sinceStart = Stopwatch.StartNew();
            await AppHostLauncher.StartHealthyAsync(app, token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("bank-simulator", token);
            var healthyAfter = sinceStart.Elapsed;
            var apiBase = app.GetEndpoint("api", "http");
            var today = DateOnly.FromDateTime(DateTime.UtcNow);

            // The event processor posts the payment's entries at today's rates, which data-sync's rates job stores from the fake central bank.
            await EventuallyAsync(() => Task.FromResult(centralBank.DaysAsked.Contains(today)), $"The rates job did not ask the central bank for {today:yyyy-MM-dd}.", token);
            var cny = FakeCentralBank.UnitRate("CNY");   // 115.6780 per 10 = 11.5678 RUB per yuan

            // 1. The owner and her company; an outsider with a company of his own.
            var ann = await User.SignUpAsync(apiBase, "Ann", token);
            var bob = await User.SignUpAsync(apiBase, "Bob", token);
            var companyId = (await ann.PostAsync("/api/companies", new { name = "Amur Bearings Import LLC", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            var bobsCompanyId = (await bob.PostAsync("/api/companies", new { name = "Bob's Own Trading", country = "RU", companyType = "importer" }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            await using var hub = await ann.ConnectAsync(token);
            await hub.Connection.InvokeAsync<long>("JoinCompany", companyId, token);

            // 2. The ledger opened, and the rouble account's opening balance: Dr 1010.RUB, Cr 3010.RUB 500,000.00.
            await ann.PostAsync("/api/finance/ledger", new { companyId }, HttpStatusCode.Created, token);
            var openingId = Guid.NewGuid();
            await ann.PostAsync("/api/finance/ledger/entries", new
            {
                companyId,
                entries = new[]
                {
                    new
                    {
                        id = openingId, description = "Opening balance of the rouble account",
                        lines = new[]
                        {
                            new { account = "1010.RUB", side = "debit", amount = Opening, currency = "RUB" },
                            new { account = "3010.RUB", side = "credit", amount = Opening, currency = "RUB" },
                        },
                    },
                },
            }, HttpStatusCode.Created, token);

            // 3. A PO in yuan to a supplier in Ningbo: 1,000 × 24.60 + 400 × 3.85 = 24,600.00 + 1,540.00 = 26,140.00 CNY; approved, sent, confirmed.
            var contractDate = today.AddDays(-30);
            var created = await ann.PostAsync("/api/finance/purchase-orders", new
            {
                companyId,
                supplier = new { name = "Ningbo Huaxin Bearing Co., Ltd.", country = "CN", address = "No. 8 Harbour Rd, Beilun, Ningbo", bank = new { account = "6222020001123456789", swift = "BKCHCNBJ92A", bankName = "Bank of China Ningbo Branch" } },
                currency = "CNY",
                lines = new object[]
                {
                    new { description = "Ball bearings 6204-2RS", sku = "BRG-6204", hsCode = "8482105000", quantity = BearingsQty, unit = "pcs", unitPrice = BearingsPrice },
                    new { description = "Oil seals 35x52x7", sku = "SEAL-3552", hsCode = "4016930005", quantity = SealsQty, unit = "pcs", unitPrice = SealsPrice },
                },
                incoterm = "FOB",
                incotermPlace = "Ningbo",
                paymentTerms = new { prepaymentPercent = 0, prepaymentDays = 0, balanceBasis = "against_documents", balanceDays = 30 },
                // 100,000 CNY at 11.5678 = 1,156,780 RUB: below the 3 million that would need the bank's contract number.
                contract = new { number = "NBH-2026/07", date = contractDate, currency = "CNY", amount = 100_000m },
            }, HttpStatusCode.Created, token);
            var poId = created.GetProperty("id").GetGuid();
            var poNumber = created.GetProperty("number").GetString()!;
            var poUrl = $"/api/finance/purchase-orders/{poId}";
            Assert.Equal(("draft", 26_140.00m), (created.GetProperty("status").GetString(), created.GetProperty("total").GetDecimal()));
            Assert.Equal("approved", (await ann.PostAsync($"{poUrl}/approve", new { }, HttpStatusCode.OK, token)).GetProperty("status").GetString());
            Assert.Equal("sent", (await ann.PostAsync($"{poUrl}/send", new { }, HttpStatusCode.OK, token)).GetProperty("status").GetString());
            Assert.Equal("confirmed", (await ann.PostAsync($"{poUrl}/confirm", new { supplierReference = "HX-SC-2026-0117" }, HttpStatusCode.OK, token)).GetProperty("status").GetString());

            // 4. The goods travel Ningbo → Vladivostok as two cargo lines, each linked to its PO line, and are received in full at the warehouse.
            var shipment = await ann.PostAsync("/api/shipments", new
            {
                companyId,
                mode = "sea",
                incoterm = "FOB",
                incotermPlace = "Ningbo",
                legs = new[] { new { from = "CNNGB", to = "RUVVO", mode = "sea" } },
                cargo = new object[]
                {
                    new { description = "Ball bearings 6204-2RS", hsCode = "8482105000", packages = 50, packageType = "cartons", grossWeightKg = 900, netWeightKg = 850 },
                    new { description = "Oil seals 35x52x7", hsCode = "4016930005", packages = 8, packageType = "cartons", grossWeightKg = 120, netWeightKg = 110 },
                },
            }, HttpStatusCode.Created, token);
            var shipmentId = shipment.GetProperty("id").GetGuid();
            var cargo = (await ann.GetAsync($"/api/shipments/{shipmentId}", token)).GetProperty("cargo").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
            Assert.Equal(2, cargo.Count);
            await ann.SendAsync(HttpMethod.Post, $"/api/shipments/{shipmentId}/book", null, HttpStatusCode.NoContent, token);
            await ann.PostAsync($"{poUrl}/links", new { lineNo = 1, shipmentId, cargoLineId = cargo[0], quantity = BearingsQty }, HttpStatusCode.OK, token);
            await ann.PostAsync($"{poUrl}/links", new { lineNo = 2, shipmentId, cargoLineId = cargo[1], quantity = SealsQty }, HttpStatusCode.OK, token);

            var warehouseId = (await ann.PostAsync("/api/warehouses", new { companyId, name = "Vladivostok CFS", address = "Vladivostok, Russia", unLocode = "RUVVO" }, HttpStatusCode.Created, token))
                .GetProperty("id").GetGuid();
            await ann.PostAsync($"/api/warehouses/{warehouseId}/receipts", new { shipmentId, cargoLineId = cargo[0], packages = 50 }, HttpStatusCode.Created, token);
            await ann.PostAsync($"/api/warehouses/{warehouseId}/receipts", new { shipmentId, cargoLineId = cargo[1], packages = 8 }, HttpStatusCode.Created, token);

            // The event processor's fulfilment saga counts the receipts on the PO, which moves to received by itself.
            var received = await EventuallyAsync(poUrl, ann, po => po.GetProperty("status").GetString() == "received", "The PO did not become received.", token);
            Assert.Equal(
                [(1, BearingsQty, BearingsQty, BearingsQty, BearingsQty), (2, SealsQty, SealsQty, SealsQty, SealsQty)],
                received.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("lineNo").GetInt32(), l.GetProperty("ordered").GetDecimal(),
                    l.GetProperty("linked").GetDecimal(), l.GetProperty("shipped").GetDecimal(), l.GetProperty("received").GetDecimal())));

            // 5. The supplier's invoice for the bearings, 1,000 × 24.60 = 24,600.00 CNY, matches the PO and the receipts: approved at once.
            var invoice = await ann.PostAsync("/api/finance/invoices", new
            {
                purchaseOrderId = poId, number = "HX-INV-2026-0117", invoiceDate = today, currency = "CNY",
                lines = new[] { new { poLineNo = 1, quantity = BearingsQty, unitPrice = BearingsPrice, amount = 24_600.00m } },
                vat = 0m, total = 24_600.00m,
            }, HttpStatusCode.Created, token);
            var invoiceId = invoice.GetProperty("id").GetGuid();
            var supplierId = invoice.GetProperty("supplierId").GetGuid();
            Assert.Equal(("approved", 24_600.00m), (invoice.GetProperty("status").GetString(), invoice.GetProperty("total").GetDecimal()));
            Assert.All(invoice.GetProperty("match").EnumerateArray(), m => Assert.Empty(m.GetProperty("mismatches").EnumerateArray()));

            // The seals' invoice bills 4.10 against the PO's 3.85 (6.5 % above it, the tolerance is 0.5 %): held, with the reason in the answer.
            var held = await ann.PostAsync("/api/finance/invoices", new
            {
                purchaseOrderId = poId, number = "HX-INV-2026-0118", invoiceDate = today, currency = "CNY",
                lines = new[] { new { poLineNo = 2, quantity = SealsQty, unitPrice = SealsInvoicedPrice, amount = 1_640.00m } },
                vat = 0m, total = 1_640.00m,
            }, HttpStatusCode.Created, token);
            var heldId = held.GetProperty("id").GetGuid();
            Assert.Equal("on_hold", held.GetProperty("status").GetString());
            var heldMatch = Assert.Single(held.GetProperty("match").EnumerateArray());
            Assert.Equal(2, heldMatch.GetProperty("poLineNo").GetInt32());
            Assert.Equal(["price-above-po"], heldMatch.GetProperty("mismatches").EnumerateArray().Select(m => m.GetProperty("reason").GetString()));
            output.WriteLine($"Held: {heldMatch.GetProperty("mismatches")[0].GetProperty("message").GetString()}");
            Assert.Equal("on_hold", (await ann.GetAsync($"/api/finance/invoices/{heldId}", token)).GetProperty("status").GetString());

            // Only the approved invoice is a payable: 24,600.00 CNY open, current (due 30 days after the documents).
            var payables = await ann.GetAsync($"/api/finance/payables?companyId={companyId}&asOf={today:yyyy-MM-dd}", token);
            var payableRow = Assert.Single(payables.GetProperty("rows").EnumerateArray());
            Assert.Equal(("supplier-invoice", invoiceId, "CNY", 24_600.00m, 24_600.00m, "current"),
                (payableRow.GetProperty("kind").GetString(), payableRow.GetProperty("id").GetGuid(), payableRow.GetProperty("currency").GetString(),
                 payableRow.GetProperty("amount").GetDecimal(), payableRow.GetProperty("open").GetDecimal(), payableRow.GetProperty("bucket").GetString()));

            // 6. The invoice paid through the simulated bank.
            var paymentId = Guid.NewGuid();
            var payment = new
            {
                companyId,
                paymentOrderId = paymentId,
                purpose = new { kind = "supplier-invoice", id = invoiceId },
                beneficiary = new { name = "Ningbo Huaxin Bearing Co., Ltd.", account = "6222020001123456789", swift = "BKCHCNBJ92A", bankName = "Bank of China Ningbo Branch", country = "CN" },
                amount = 24_600.00m,
                currency = "CNY",
                purposeText = $"Payment for bearings, invoice HX-INV-2026-0117 under contract NBH-2026/07, {poNumber}",
            };
            var entered = await ann.PostAsync("/api/finance/payments", payment, HttpStatusCode.Created, token);
            var paymentUrl = $"/api/finance/payments/{paymentId}?companyId={companyId}";
            var paymentNumber = entered.GetProperty("number").GetString()!;
            Assert.Equal($"PAY-{DateTime.UtcNow.Year}-000001", paymentNumber);
            var sincePayment = Stopwatch.StartNew();

            var completed = await EventuallyAsync(paymentUrl, ann, p => p.GetProperty("status").GetString() is "completed" or "failed", "The payment did not complete.", token);
            var paidAfter = sincePayment.Elapsed;
            Assert.True(completed.GetProperty("status").GetString() == "completed", $"The payment did not complete: {completed}");
            Assert.Equal(
                [("quote", "done"), ("rate-locked", "done"), ("debited", "done"), ("credited", "done"), ("transfer-sent", "done"), ("confirmed", "done")],
                completed.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("step").GetString(), s.GetProperty("status").GetString())));

            // The bank's quote: 12.40 × 1.015 = 12.586 RUB per yuan; 24,600 × 12.586 = 309,615.60 RUB paid, of which 24,600 × 12.40 = 305,040.00
            // at the bank's official rate and 4,575.60 the spread.
            var bankRate = Math.Round(BankOfficialCny * (1 + BankSpread), 4, MidpointRounding.AwayFromZero);
            var rubPaid = Kopecks(24_600m * bankRate);
            var atMarket = Kopecks(24_600m * BankOfficialCny);
            var spread = rubPaid - atMarket;
            Assert.Equal((12.586m, 309_615.60m, 305_040.00m, 4_575.60m), (bankRate, rubPaid, atMarket, spread));
            var quote = completed.GetProperty("quote");
            Assert.Equal((bankRate, BankOfficialCny, spread, rubPaid),
                (quote.GetProperty("bankRate").GetDecimal(), quote.GetProperty("officialRate").GetDecimal(), quote.GetProperty("spreadRub").GetDecimal(), quote.GetProperty("rubAmount").GetDecimal()));
            Assert.Equal(rubPaid, completed.GetProperty("rubAmount").GetDecimal());
            Assert.StartsWith("SIMB", completed.GetProperty("bankReference").GetString(), StringComparison.Ordinal);

            // The same request again is the same order (200), not a second payment; the bank saw one transfer.
            var again = await ann.PostAsync("/api/finance/payments", payment, HttpStatusCode.OK, token);
            Assert.Equal((paymentId, paymentNumber, "completed"), (again.GetProperty("id").GetGuid(), again.GetProperty("number").GetString(), again.GetProperty("status").GetString()));
            Assert.Equal(1, (await ann.GetAsync($"/api/finance/payments?companyId={companyId}", token)).GetProperty("total").GetInt64());
            using (var bankHttp = new HttpClient { BaseAddress = app.GetEndpoint("bank-simulator", "http") })
            {
                var bankState = await bankHttp.GetFromJsonAsync<JsonElement>("/", token);
                Assert.Equal(1, bankState.GetProperty("transfers").GetInt32());
            }

            // The hub told the company of the payment as it moved, up to completed.
            await hub.WaitForAsync(changes => changes.Any(c => c.GetProperty("group").GetString() == $"company:{companyId:D}"
                && c.GetProperty("change") is var change && change.GetProperty("entity").GetString() == "payment"
                && change.GetProperty("id").GetString() == paymentId.ToString("D")), Eventually, token);

            // 7. The ledger. The rouble account: 500,000.00 opening, less the 309,615.60 the bank took: 190,384.40.
            var bankRub = await ann.GetAsync($"/api/finance/ledger/accounts/1010.RUB/statement?companyId={companyId}", token);
            Assert.Equal(
                [(0m, Opening, Opening), (rubPaid, 0m, Opening - rubPaid)],
                bankRub.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("credit").GetDecimal(), l.GetProperty("debit").GetDecimal(), l.GetProperty("balance").GetDecimal())));
            Assert.Equal(190_384.40m, Opening - rubPaid);

            // The supplier's payable: credited by the invoice at the central bank's 11.5678 (24,600 × 11.5678 = 284,567.88 RUB), debited by
            // the transfer at that carrying value, so it closes at 0 in yuan and in roubles.
            var payableRub = Kopecks(24_600m * cny);
            Assert.Equal(284_567.88m, payableRub);
            var payable = await ann.GetAsync($"/api/finance/ledger/accounts/2110.CNY.{supplierId:N}/statement?companyId={companyId}", token);
            Assert.Equal(
                [(0m, 24_600.00m, 24_600.00m, 0m, payableRub), (24_600.00m, 0m, 0m, payableRub, 0m)],
                payable.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("debit").GetDecimal(), l.GetProperty("credit").GetDecimal(),
                    l.GetProperty("balance").GetDecimal(), l.GetProperty("rubDebit").GetDecimal(), l.GetProperty("rubCredit").GetDecimal())));
            Assert.Equal(0m, payable.GetProperty("lines")[1].GetProperty("rubEquivalent").GetDecimal());

            // The trial balance: each currency balances; the yuan carried at the bank's 12.40 (305,040.00) paid a payable carried at
            // 284,567.88, so 20,472.12 is the realised FX loss; the rouble column sums to zero.
            var fxLoss = atMarket - payableRub;
            Assert.Equal(20_472.12m, fxLoss);
            var trial = await ann.GetAsync($"/api/finance/ledger/trial-balance?companyId={companyId}", token);
            output.WriteLine($"Trial balance: {trial}");
            var expected = new SortedDictionary<string, (decimal, decimal, decimal)>(StringComparer.Ordinal)
            {
                ["1010.RUB"] = (Opening - rubPaid, 0m, Opening - rubPaid),
                ["3010.RUB"] = (0m, Opening, -Opening),
                ["1910.RUB"] = (atMarket, 0m, atMarket),
                ["5510.RUB"] = (spread, 0m, spread),
                ["5410"] = (fxLoss, 0m, fxLoss),
                ["1510.CNY"] = (24_600.00m, 0m, payableRub),
                ["1910.CNY"] = (0m, 24_600.00m, -atMarket),
            };
            Assert.Equal(expected, Balances(trial));
            Assert.All(trial.GetProperty("currencies").EnumerateArray(), c => Assert.True(c.GetProperty("balanced").GetBoolean(), $"{c.GetProperty("currency")} does not balance: {c}"));
            var rubSum = expected.Values.Sum(v => v.Item3);
            Assert.Equal(0m, rubSum);
            // Debit balances 190,384.40 + 305,040.00 + 4,575.60 + 20,472.12 + 284,567.88 = credit balances 500,000.00 + 305,040.00 = 805,040.00.
            Assert.Equal((805_040.00m, 805_040.00m), (trial.GetProperty("rubDebits").GetDecimal(), trial.GetProperty("rubCredits").GetDecimal()));
            Assert.True(trial.GetProperty("rubBalanced").GetBoolean());

            // Nothing is open any more; the held invoice is no payable.
            Assert.Empty((await ann.GetAsync($"/api/finance/payables?companyId={companyId}&asOf={today:yyyy-MM-dd}", token)).GetProperty("rows").EnumerateArray());
            var cash = (await ann.GetAsync($"/api/finance/cash-position?companyId={companyId}", token)).GetProperty("currencies").EnumerateArray()
                .ToDictionary(c => c.GetProperty("currency").GetString()!, c => (c.GetProperty("posted").GetDecimal(), c.GetProperty("available").GetDecimal()));
            Assert.Equal((Opening - rubPaid, Opening - rubPaid), cash["RUB"]);

            // A prepayment to an account the bank returns (ending 0000) fails after the debit and is compensated: the books are as they were.
            var returnedId = Guid.NewGuid();
            await ann.PostAsync("/api/finance/payments", new
            {
                companyId,
                paymentOrderId = returnedId,
                purpose = new { kind = "purchase-order-prepayment", id = poId },
                beneficiary = new { name = "Ningbo Huaxin Bearing Co., Ltd.", account = "6222020001123450000", swift = "BKCHCNBJ92A", bankName = "Bank of China Ningbo Branch", country = "CN" },
                amount = 5_000.00m,
                currency = "CNY",
                purposeText = $"Prepayment under contract NBH-2026/07, {poNumber}",
            }, HttpStatusCode.Created, token);
            var returned = await EventuallyAsync($"/api/finance/payments/{returnedId}?companyId={companyId}", ann,
                p => p.GetProperty("status").GetString() is "completed" or "failed", "The returned payment did not end.", token);
            output.WriteLine($"Returned payment: {returned}");
            // 5,000 × 12.586 = 62,930.00 RUB were held and the yuan credited; the bank refused the transfer at once, so both were undone.
            Assert.Equal(("failed", 62_930.00m), (returned.GetProperty("status").GetString(), returned.GetProperty("rubAmount").GetDecimal()));
            Assert.Equal(
                [("quote", "done"), ("rate-locked", "done"), ("debited", "compensated"), ("credited", "compensated"), ("transfer-sent", "failed"), ("confirmed", "pending")],
                returned.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("step").GetString(), s.GetProperty("status").GetString())));
            var failure = returned.GetProperty("failure");
            Assert.Equal("transfer-sent", failure.GetProperty("step").GetString());
            Assert.Contains("6222020001123450000", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
            var after = await ann.GetAsync($"/api/finance/ledger/trial-balance?companyId={companyId}", token);
            Assert.Equal(expected, Balances(after));
            Assert.True(after.GetProperty("rubBalanced").GetBoolean());
            Assert.Equal((Opening - rubPaid, Opening - rubPaid), (await ann.GetAsync($"/api/finance/cash-position?companyId={companyId}", token)).GetProperty("currencies")
                .EnumerateArray().Where(c => c.GetProperty("currency").GetString() == "RUB").Select(c => (c.GetProperty("posted").GetDecimal(), c.GetProperty("available").GetDecimal())).Single());

            // 8. Bob, signed in with a company of his own, learns nothing of any of it, and cannot pay it either.
            foreach (var path in new[]
            {
                poUrl,
                $"/api/finance/invoices/{invoiceId}",
                $"/api/finance/invoices/{heldId}",
                paymentUrl,
                $"/api/finance/payments?companyId={companyId}",
                $"/api/finance/ledger/accounts/1010.RUB/statement?companyId={companyId}",
                $"/api/finance/ledger/accounts/2110.CNY.{supplierId:N}/statement?companyId={companyId}",
                $"/api/finance/ledger/trial-balance?companyId={companyId}",
                $"/api/finance/payables?companyId={companyId}",
                $"/api/finance/cash-position?companyId={companyId}",
            })
            {
                var answer = await bob.SendAsync(HttpMethod.Get, path, null, HttpStatusCode.NotFound, token);
                Assert.DoesNotContain(poNumber, answer.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Huaxin", answer.Text, StringComparison.Ordinal);
            }

            var bobPays = await bob.SendAsync(HttpMethod.Post, "/api/finance/payments", payment, HttpStatusCode.NotFound, token);
            Assert.DoesNotContain(paymentNumber, bobPays.Text, StringComparison.Ordinal);
            Assert.Equal(0, (await bob.GetAsync($"/api/finance/payments?companyId={bobsCompanyId}", token)).GetProperty("total").GetInt64());
            using (var bankHttp = new HttpClient { BaseAddress = app.GetEndpoint("bank-simulator", "http") })
            {
                // The paid invoice's transfer and the returned prepayment's; nothing of Bob's.
                Assert.Equal(2, (await bankHttp.GetFromJsonAsync<JsonElement>("/", token)).GetProperty("transfers").GetInt32());
            }

            output.WriteLine($"AppHost healthy after {healthyAfter.TotalSeconds:F1} s; payment entered → completed {paidAfter.TotalSeconds:F1} s; " +
                $"walk-through done {(sinceStart.Elapsed - healthyAfter).TotalSeconds:F1} s after the AppHost was healthy");
            await app.StopAsync(token);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    /// <summary>The trial balance's accounts with anything on them: code → (debit, credit, rouble equivalent), in code order.</summary>
    private static SortedDictionary<string, (decimal, decimal, decimal)> Balances(JsonElement trial) => new(
        trial.GetProperty("currencies").EnumerateArray()
            .SelectMany(c => c.GetProperty("accounts").EnumerateArray())
            .Select(a => (Code: a.GetProperty("code").GetString()!, Debit: a.GetProperty("debit").GetDecimal(), Credit: a.GetProperty("credit").GetDecimal(), Rub: a.GetProperty("rubEquivalent").GetDecimal()))
            .Where(a => a.Debit != 0 || a.Credit != 0 || a.Rub != 0)
            .ToDictionary(a => a.Code, a => (a.Debit, a.Credit, a.Rub)),
        StringComparer.Ordinal);

    private static decimal Kopecks(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static async Task<JsonElement> EventuallyAsync(string url, User user, Func<JsonElement, bool> done, string failure, CancellationToken ct)
    {
        JsonElement last = default;
        await EventuallyAsync(async () => done(last = await user.GetAsync(url, ct)), failure, ct, () => last.ToString());
        return last;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure, CancellationToken ct, Func<string>? seen = null)
    {
        var deadline = DateTimeOffset.UtcNow + Eventually;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, seen is null ? failure : $"{failure} Last seen: {seen()}");
            await Task.Delay(250, ct);
        }
    }
}
