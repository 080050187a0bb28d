using WellWon.Finance.Payments;
using WellWon.Finance.Payments.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Finance.Tests.Payments;

/// <summary>The shape rules of a payment order and its steps, without a database.</summary>
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static PaymentOrderRequest Request(string account = "GB82WEST12345698765432", string? swift = "BKCHCNBJ92A", decimal amount = 100m, string currency = "CNY",
        string? unk = null, string country = "CN") =>
        new(Guid.NewGuid(), Guid.NewGuid(), new PaymentPurposeRequest(PaymentPurposes.Prepayment, Guid.NewGuid()),
            new BeneficiaryRequest("Ningbo Bearing Co.", account, swift, "Bank of China", country), amount, currency, "Prepayment", unk);

    private static string[] FieldsOf(PaymentOrderRequest request) =>
        [.. Assert.Throws<RequestValidationException>(() => PaymentRules.Validate(request)).Errors.Select(e => e.Field).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_valid_order_is_normalised_and_its_fingerprint_ignores_spacing_and_trailing_zeros()
    {
        var order = PaymentRules.Validate(Request(account: "gb82 west 1234 5698 7654 32", swift: "bkchcnbj92a"));
        Assert.Equal(("GB82WEST12345698765432", "BKCHCNBJ92A"), (order.Beneficiary.Account, order.Beneficiary.Swift));
        Assert.Equal(order.Fingerprint(), order with { Amount = 100.00m } is var same ? same.Fingerprint() : null);
        Assert.NotEqual(order.Fingerprint(), (order with { Amount = 100.01m }).Fingerprint());
    }

    [Fact]
    public void An_iban_failing_mod_97_a_short_bic_an_unknown_country_and_currency_and_too_many_decimals_are_named()
    {
        Assert.Equal(["beneficiary.iban"], FieldsOf(Request(account: "GB00WEST12345698765432")));
        Assert.Equal(["beneficiary.swift"], FieldsOf(Request(swift: "BKCHCN")));
        Assert.Equal(["beneficiary.swift"], FieldsOf(Request(swift: null)));
        Assert.Equal(["beneficiary.country"], FieldsOf(Request(country: "XX")));
        Assert.Equal(["amount"], FieldsOf(Request(amount: 0.001m)));
        Assert.Equal(["currency"], FieldsOf(Request(currency: "XYZ")));
        Assert.Equal(["contractRegistrationNumber"], FieldsOf(Request(unk: "12345")));
        Assert.Equal("40702810900000012345", PaymentRules.Validate(Request(account: "40702810900000012345", swift: null, currency: "RUB", country: "RU")).Beneficiary.Account);
    }

    [Fact]
    public void Each_step_is_recorded_once_and_a_debited_order_may_not_be_cancelled()
    {
        var order = Created("CNY");
        Assert.True(order.Quoted("Q-1", 1, 12.5m, 12.3m, Now.AddMinutes(10), Now));
        Assert.False(order.Quoted("Q-1", 1, 12.5m, 12.3m, Now.AddMinutes(10), Now));
        Assert.Equal((125m, 2m), (order.State.Quote!.RubAmount, order.State.Quote.SpreadRub));
        Assert.True(order.RateLocked("D-1", Now));
        Assert.False(order.RateLocked("D-1", Now));
        Assert.True(order.Debited(Guid.NewGuid(), Now));
        Assert.False(order.Sent("T-1", Now)); // the currency is credited before it is sent
        var refused = Assert.Throws<DomainException>(() => order.Cancel(Guid.NewGuid(), Now));
        Assert.Equal(PaymentErrors.TooLate, refused.Code);
        Assert.True(order.Credited(Guid.NewGuid(), Now));
        Assert.True(order.Sent("T-1", Now));
        Assert.False(order.Completed(Now)); // not before the bank's confirmation
        Assert.True(order.Confirmed("REF-1", Now));
        Assert.True(order.Completed(Now));
        Assert.False(order.Failed(PaymentSteps.Confirmed, "late", Now));
        Assert.All(order.State.Steps, s => Assert.Equal(StepStatuses.Done, s.Status));
    }

    [Fact]
    public void A_rouble_order_skips_the_conversion_and_a_failure_after_the_debit_marks_the_done_steps_compensated()
    {
        var order = Created("RUB");
        Assert.Equal(["skipped", "skipped", "running", "skipped", "pending", "pending"], order.State.Steps.Select(s => s.Status));
        Assert.True(order.Debited(Guid.NewGuid(), Now));
        Assert.True(order.Failed(PaymentSteps.TransferSent, "The bank refused the transfer.", Now));
        Assert.Equal(["skipped", "skipped", "compensated", "skipped", "failed", "pending"], order.State.Steps.Select(s => s.Status));
        Assert.Equal((PaymentStatuses.Failed, PaymentSteps.TransferSent), (order.State.Status, order.State.Failure!.Step));
    }

    private static PaymentOrder Created(string currency) => PaymentOrder.Create(new PaymentOrderCreated(
        Guid.NewGuid(), Guid.NewGuid(), "PAY-2026-000001", currency == "RUB" ? PaymentPurposes.CustomsPayable : PaymentPurposes.Prepayment, Guid.NewGuid(), "Label", null,
        new Beneficiary("Ningbo Bearing Co.", "GB82WEST12345698765432", "BKCHCNBJ92A", null, "CN"), 10m, currency, "Prepayment", null, "fp", Guid.NewGuid(), Now));
}
