using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.Tests.Calculation;
using static WellWon.Customs.Tests.Domain.DeclarationFixture;

namespace WellWon.Customs.Tests.Domain;

/// <summary>The shape and completeness rules of a declaration, each refused naming its field from the declaration.</summary>
public sealed class DeclarationRulesTests
{
    public static TheoryData<string, Func<GoodsItem, GoodsItem>, string> BrokenItems => new()
    {
        { CustomsErrors.HsCodeInvalid, i => i with { HsCode = "848210" }, "items[0].hsCode" },
        { CustomsErrors.CountryInvalid, i => i with { Origin = "CHN" }, "items[0].origin" },
        { CustomsErrors.DescriptionInvalid, i => i with { Description = " " }, "items[0].description" },
        { CustomsErrors.QuantityInvalid, i => i with { Quantity = 0 }, "items[0].quantity" },
        { CustomsErrors.UnitInvalid, i => i with { Unit = "" }, "items[0].unit" },
        { CustomsErrors.WeightInvalid, i => i with { GrossKg = -1 }, "items[0].grossKg" },
        { CustomsErrors.NetExceedsGross, i => i with { NetKg = 1_600m }, "items[0].netKg" },
        { CustomsErrors.AmountInvalid, i => i with { InvoicePrice = new Money(-5m, "USD") }, "items[0].invoicePrice.amount" },
        { CustomsErrors.CurrencyInvalid, i => i with { InvoicePrice = new Money(5m, "DOLLAR") }, "items[0].invoicePrice.currency" },
        { CustomsErrors.DocumentInvalid, i => i with { Documents = [new ItemDocument("4021", "INV-1", null)] }, "items[0].documents[0].code" },
        { CustomsErrors.DocumentInvalid, i => i with { Documents = [new ItemDocument("04021", "", null)] }, "items[0].documents[0].number" },
        { CustomsErrors.QuantityInvalid, i => i with { ExciseQuantity = 0 }, "items[0].exciseQuantity" },
    };

    [Theory]
    [MemberData(nameof(BrokenItems))]
    public void A_broken_item_is_refused_naming_its_field(string code, Func<GoodsItem, GoodsItem> breakIt, string field) =>
        Broken(() => Draft().AddItem(breakIt(Bearings()), User, Now), code, field);

    [Fact]
    public void The_item_s_index_names_it_on_update_and_duplicates_are_refused()
    {
        var declaration = Filled();
        Broken(() => declaration.UpdateItem(Cod() with { HsCode = "03036310" }, User, Now), CustomsErrors.HsCodeInvalid, "items[1].hsCode");
        Broken(() => declaration.AddItem(Cod(), User, Now), CustomsErrors.IdDuplicate, "items[3].id");
        Refused(() => declaration.UpdateItem(Cod() with { Id = Guid.NewGuid() }, User, Now), CustomsErrors.ItemNotFound);
        Refused(() => declaration.RemoveItem(Guid.NewGuid(), User, Now), CustomsErrors.ItemNotFound);
    }

    public static TheoryData<string, Func<DeclarationHeader, DeclarationHeader>, string> BrokenHeaders => new()
    {
        { CustomsErrors.ProcedureInvalid, h => h with { Procedure = "IM40" }, "procedure" },
        { CustomsErrors.CustomsOfficeInvalid, h => h with { CustomsOffice = "1070207" }, "customsOffice" },
        { CustomsErrors.IncotermInvalid, h => h with { Incoterm = "DDU" }, "incoterm" },
        { CustomsErrors.AllocationInvalid, h => h with { AllocationMethod = "volume" }, "allocationMethod" },
        { CustomsErrors.PartyInvalid, h => h with { Declarant = h.Declarant! with { Name = "" } }, "declarant.name" },
        { CustomsErrors.PartyInvalid, h => h with { Declarant = h.Declarant! with { TaxId = "25401234" } }, "declarant.taxId" },
        { CustomsErrors.PartyInvalid, h => h with { Representative = h.Representative! with { TaxId = "ABCDEFGHIJ" } }, "representative.taxId" },
    };

    [Theory]
    [MemberData(nameof(BrokenHeaders))]
    public void A_broken_header_is_refused_naming_its_field(string code, Func<DeclarationHeader, DeclarationHeader> breakIt, string field)
    {
        Broken(() => CustomsDeclaration.Create(DeclarationId, CompanyId, breakIt(Header()), User, Now), code, field);
        Broken(() => Draft().UpdateHeader(breakIt(Header()), User, Now), code, field);
    }

    [Fact]
    public void Header_codes_are_normalised()
    {
        var declaration = CustomsDeclaration.Create(DeclarationId, CompanyId, Header() with { Incoterm = " fob ", AllocationMethod = "Value", Procedure = " 40 " }, User, Now);
        Assert.Equal(("FOB", "value", "40"), (declaration.State.Header.Incoterm, declaration.State.Header.AllocationMethod, declaration.State.Header.Procedure));
    }

    [Fact]
    public void A_cost_is_freight_insurance_loading_or_post_border_in_a_real_currency()
    {
        Broken(() => Draft().SetCosts([new DeclarationCost("handling", new Money(1m, "USD"))], User, Now), CustomsErrors.CostKindInvalid, "costs[0].kind");
        Broken(() => Draft().SetCosts([new DeclarationCost("freight", new Money(1m, "XYZ"))], User, Now), CustomsErrors.CurrencyInvalid, "costs[0].amount.currency");
    }

    [Fact]
    public void A_draft_may_lack_declarant_office_and_date_but_the_check_asks_for_each()
    {
        var bare = new DeclarationHeader(null, null, "40", null, null, null, null, null, "weight");
        var declaration = CustomsDeclaration.Create(DeclarationId, CompanyId, bare, User, Now);
        declaration.AddItem(Bearings(), User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "declarant");
        declaration.UpdateHeader(bare with { Declarant = Header().Declarant }, User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "customsOffice");
        declaration.UpdateHeader(bare with { Declarant = Header().Declarant, CustomsOffice = Office }, User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "declarationDate");
        Broken(() => DeclarationCalculation.Input(declaration.State, Tariffs(), WorkedExample.Rates, WorkedExample.FeeBands), CustomsErrors.Incomplete, "declarationDate");
    }

    [Fact]
    public void The_check_wants_documents_on_every_item()
    {
        var declaration = Filled();
        declaration.UpdateItem(Cod() with { Documents = [] }, User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "items[1].documents");
    }

    [Fact]
    public void A_claimed_preference_needs_a_certificate_of_origin()
    {
        var declaration = Filled();
        declaration.UpdateItem(Shirts() with { Documents = [Invoice] }, User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "items[2].documents");
    }

    [Fact]
    public void Under_an_e_or_f_term_the_freight_to_the_border_must_be_declared()
    {
        var declaration = Filled();
        declaration.SetCosts([new DeclarationCost("insurance", new Money(250m, "EUR"))], User, Now);
        Broken(() => declaration.Check(User, Now), CustomsErrors.Incomplete, "costs");

        declaration.UpdateHeader(Header(incoterm: "CIF"), User, Now);
        declaration.Check(User, Now);
        Assert.Equal(DeclarationStatuses.Checked, declaration.State.Status);
    }

    [Fact]
    public void A_preference_counts_only_when_claimed_and_granted()
    {
        // Not claimed: the shirts pay the full combined duty, 114 538.97.
        var unclaimed = Draft();
        unclaimed.AddItem(Shirts(preference: null), User, Now);
        var sheet = PaymentCalculator(unclaimed);
        Assert.Equal(114_538.97m, sheet.Duty);

        // Claimed but not granted for the goods and origin: refused, naming the item.
        var notGranted = Draft();
        notGranted.AddItem(Bearings() with { Preference = "developing", Documents = [Invoice, CertificateOfOrigin] }, User, Now);
        Broken(() => PaymentCalculator(notGranted), CustomsErrors.PreferenceNotGranted, "items[0].preference");
    }

    [Fact]
    public void An_item_the_tariff_does_not_know_cannot_be_calculated()
    {
        var declaration = Filled();
        var tariffs = Tariffs().Where(t => t.Key != CodId).ToDictionary();
        Refused(() => DeclarationCalculation.Input(declaration.State, tariffs, WorkedExample.Rates, WorkedExample.FeeBands), CustomsErrors.TariffMissing);
    }

    private static CalculationSheet PaymentCalculator(CustomsDeclaration declaration) =>
        WellWon.Customs.Calculation.PaymentCalculator.Calculate(DeclarationCalculation.Input(declaration.State, Tariffs(), WorkedExample.Rates, WorkedExample.FeeBands));
}
