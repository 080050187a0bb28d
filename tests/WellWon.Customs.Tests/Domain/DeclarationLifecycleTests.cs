using System.Text.Json;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tests.Calculation;
using WellWon.Platform.Kernel;
using static WellWon.Customs.Tests.Domain.DeclarationFixture;

namespace WellWon.Customs.Tests.Domain;

/// <summary>
/// Where a declaration may go: draft → checked → submitted → registered → released, or rejected / recalled; changes in draft or
/// checked only, after registration by a correction alone; submission needs a check and a current calculation.
/// </summary>
public sealed class DeclarationLifecycleTests
{
    [Fact]
    public void A_new_declaration_is_a_draft_of_its_company_with_normalised_codes()
    {
        var declaration = Filled();
        var s = declaration.State;
        Assert.Equal((true, DeclarationStatuses.Draft, CompanyId, "40", Office), (s.Exists, s.Status, s.CompanyId, s.Header.Procedure, s.Header.CustomsOffice));
        var bearings = s.Items[0];
        Assert.Equal(("8482109000", "CN", "USD"), (bearings.HsCode, bearings.Origin, bearings.InvoicePrice.Currency));
        Assert.Equal(3, s.Items.Count);
        Assert.Null(s.Calculation);
    }

    [Fact]
    public void The_whole_way_to_release_records_each_step()
    {
        var declaration = Registered();
        declaration.Release(Now);
        declaration = Stored(declaration);

        Assert.Equal(DeclarationStatuses.Released, declaration.State.Status);
        Assert.Equal($"{Office}/141125/3001234", declaration.State.RegistrationNumber);
        Assert.Equal(
            [typeof(DeclarationCreated), typeof(GoodsItemAdded), typeof(GoodsItemAdded), typeof(GoodsItemAdded), typeof(DeclarationCostsSet),
             typeof(DeclarationChecked), typeof(DeclarationCalculated), typeof(DeclarationSubmitted), typeof(DeclarationRegistered), typeof(DeclarationReleased)],
            History(declaration).Select(e => e.GetType()));
    }

    [Fact]
    public void The_stored_calculation_is_the_worked_example_to_the_kopeck()
    {
        var sheet = Submitted().State.Calculation!;
        Assert.Equal((2_247_875.10m, 218_362.93m, 411_468.34m, 13_541.00m, 643_372.27m), (sheet.CustomsValue, sheet.Duty, sheet.Vat, sheet.Fee, sheet.Total));
    }

    [Fact]
    public void Every_event_survives_the_event_store_s_json()
    {
        var registry = new EventTypeRegistry([typeof(CustomsDeclaration).Assembly]);
        var declaration = Registered();
        declaration.Correct(Header(), [Bearings(), Cod()], Costs(), "Shirts were not in the consignment", User, Now);
        foreach (var e in History(Stored(declaration)))
        {
            var back = registry.Deserialize(registry.NameOf(e.GetType()), registry.Serialize(e))!;
            Assert.Equal(JsonSerializer.Serialize(e, e.GetType(), EventTypeRegistry.JsonOptions), JsonSerializer.Serialize(back, back.GetType(), EventTypeRegistry.JsonOptions));
        }

        Assert.StartsWith("customs.", registry.NameOf(typeof(DeclarationCalculated)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_after_the_check_makes_it_a_draft_again_and_the_calculation_stale()
    {
        var declaration = Filled();
        declaration.Check(User, Now);
        declaration.RecordCalculation(Calculate(declaration), User, Now);
        declaration = Stored(declaration);
        Assert.True(declaration.State.CalculationCurrent);

        declaration.UpdateItem(Cod() with { InvoicePrice = new Money(61_000m, "CNY") }, User, Now);
        Assert.Equal(DeclarationStatuses.Draft, declaration.State.Status);
        Assert.False(declaration.State.CalculationCurrent);
        Refused(() => declaration.Submit(User, Now), CustomsErrors.TransitionInvalid);
    }

    [Fact]
    public void Submitting_needs_a_check_and_a_calculation_of_the_content_as_it_is()
    {
        var draft = Filled();
        Refused(() => draft.Submit(User, Now), CustomsErrors.TransitionInvalid);
        draft.Check(User, Now);
        Refused(() => draft.Submit(User, Now), CustomsErrors.NotCalculated);
    }

    [Fact]
    public void An_unchanged_update_records_nothing()
    {
        var declaration = Filled();
        declaration.UpdateItem(Bearings(), User, Now);
        declaration.UpdateHeader(Header(), User, Now);
        declaration.SetCosts(Costs(), User, Now);
        Assert.Empty(((IAggregate)declaration).Changes);
    }

    [Theory]
    [InlineData("submitted")]
    [InlineData("registered")]
    [InlineData("rejected")]
    [InlineData("recalled")]
    public void Content_changes_only_in_draft_or_checked(string status)
    {
        var declaration = status switch
        {
            "submitted" => Submitted(),
            "registered" => Registered(),
            _ => Closed(status),
        };

        Refused(() => declaration.AddItem(Bearings() with { Id = Guid.NewGuid() }, User, Now), CustomsErrors.NotEditable);
        Refused(() => declaration.UpdateItem(Bearings() with { Quantity = 1 }, User, Now), CustomsErrors.NotEditable);
        Refused(() => declaration.RemoveItem(BearingsId, User, Now), CustomsErrors.NotEditable);
        Refused(() => declaration.SetCosts([], User, Now), CustomsErrors.NotEditable);
        Refused(() => declaration.UpdateHeader(Header(incoterm: "CIF"), User, Now), CustomsErrors.NotEditable);
    }

    [Fact]
    public void After_registration_a_correction_is_the_one_way_to_change_and_it_asks_for_a_new_calculation()
    {
        var declaration = Registered();
        declaration.Correct(Header(), [Bearings(), Cod(), Shirts() with { NetKg = 650m }], Costs(), "Net weight of item 3 per the weighing note", User, Now);
        declaration = Stored(declaration);

        Assert.Equal((DeclarationStatuses.Registered, 1, 650m), (declaration.State.Status, declaration.State.Corrections, declaration.State.Items[2].NetKg));
        Assert.False(declaration.State.CalculationCurrent);
        declaration.RecordCalculation(Calculate(declaration), User, Now);
        Assert.True(declaration.State.CalculationCurrent);

        Refused(() => Filled().Correct(Header(), [Bearings()], Costs(), "x", User, Now), CustomsErrors.CorrectionNotAllowed);
        Refused(() => Closed(DeclarationStatuses.Recalled).Correct(Header(), [Bearings()], Costs(), "x", User, Now), CustomsErrors.CorrectionNotAllowed);
        Broken(() => Registered().Correct(Header(), [Bearings()], Costs(), "  ", User, Now), CustomsErrors.ReasonRequired, "reason");
        Broken(() => Registered().Correct(Header(office: "10216100"), [Bearings()], Costs(), "office", User, Now), CustomsErrors.CorrectionNotAllowed, "customsOffice");
        Broken(() => Registered().Correct(Header(), [Bearings(), Bearings()], Costs(), "twice", User, Now), CustomsErrors.IdDuplicate, "items[1].id");
    }

    [Fact]
    public void A_released_declaration_is_still_corrected_but_never_recalled_or_rejected()
    {
        var declaration = Registered();
        declaration.Release(Now);
        declaration = Stored(declaration);
        Refused(() => declaration.Recall("late", User, Now), CustomsErrors.TransitionInvalid);
        Refused(() => declaration.Reject("late", Now), CustomsErrors.TransitionInvalid);
        declaration.Correct(Header(), [Bearings(), Cod(), Shirts()], Costs(), "Customs value adjusted after release", User, Now);
        Assert.Equal(1, Stored(declaration).State.Corrections);
    }

    [Fact]
    public void Customs_rejects_after_submission_or_registration_and_the_declarant_recalls_before_release()
    {
        var rejected = Submitted();
        rejected.Reject("Box 44: contract missing", Now, User);
        rejected = Stored(rejected);
        Assert.Equal((DeclarationStatuses.Rejected, new StatusReason("Box 44: contract missing", User, Now)), (rejected.State.Status, rejected.State.Rejection));
        Assert.Null(rejected.State.Recall);

        var recalled = Registered();
        recalled.Recall("Goods will be re-exported", User, Now.AddMinutes(5));
        recalled = Stored(recalled);
        Assert.Equal((DeclarationStatuses.Recalled, new StatusReason("Goods will be re-exported", User, Now.AddMinutes(5))), (recalled.State.Status, recalled.State.Recall));
        Assert.Null(recalled.State.Rejection);

        // Customs' refusal through the gateway has no member behind it.
        var byCustoms = Submitted();
        byCustoms.Reject("Box 44: contract missing", Now);
        Assert.Null(byCustoms.State.Rejection!.By);

        Refused(() => Filled().Recall("early", User, Now), CustomsErrors.TransitionInvalid);
        Refused(() => Filled().Reject("early", Now), CustomsErrors.TransitionInvalid);
        Broken(() => Submitted().Recall("", User, Now), CustomsErrors.ReasonRequired, "reason");
        Refused(() => Closed(DeclarationStatuses.Rejected).Release(Now), CustomsErrors.TransitionInvalid);
    }

    [Fact]
    public void Registration_and_release_follow_submission_in_order()
    {
        Refused(() => Filled().Register($"{Office}/141125/3001234", Now), CustomsErrors.TransitionInvalid);
        Refused(() => Submitted().Release(Now), CustomsErrors.TransitionInvalid);
        Refused(() => Registered().Register($"{Office}/141125/3001235", Now), CustomsErrors.TransitionInvalid);
        Refused(() => Draft().Check(User, Now), CustomsErrors.Incomplete);
    }

    [Theory]
    [InlineData("10702070/141125/300123")]
    [InlineData("10702070/311325/3001234")]
    [InlineData("10702070-141125-3001234")]
    [InlineData("10216100/141125/3001234")]
    public void A_registration_number_is_the_office_s_own_with_a_real_date(string number) =>
        Broken(() => Submitted().Register(number, Now), CustomsErrors.RegistrationNumberInvalid, "registrationNumber");

    [Fact]
    public void A_calculation_of_another_date_or_other_items_is_refused()
    {
        var declaration = Filled();
        var sheet = Calculate(declaration);
        Refused(() => declaration.RecordCalculation(sheet with { Date = sheet.Date.AddDays(1) }, User, Now), CustomsErrors.CalculationStale);
        declaration.RemoveItem(CodId, User, Now);
        Refused(() => declaration.RecordCalculation(sheet, User, Now), CustomsErrors.CalculationStale);
        Refused(() => Closed(DeclarationStatuses.Recalled).RecordCalculation(sheet, User, Now), CustomsErrors.TransitionInvalid);
    }

    private static CustomsDeclaration Closed(string status)
    {
        var declaration = Submitted();
        if (status == DeclarationStatuses.Rejected)
        {
            declaration.Reject("Refused", Now);
        }
        else
        {
            declaration.Recall("Recalled", User, Now);
        }

        return Stored(declaration);
    }
}
