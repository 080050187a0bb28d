using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Payables;

/// <summary>
/// Books a registered declaration's payments in its company's ledger through the ledger's write path, one entry per step of what
/// is owed (registration, then each correction's difference, or the withdrawal), each entry's id derived from the declaration and
/// the step, so a replay, a retry or a second process posts nothing twice. Dr 1430 customs duties, excise and fees capitalised into
/// the goods' cost — import duties and other non-recoverable taxes are part of the cost of purchase (IAS 2.11; PBU 5/01 п. 6), not
/// an expense of the period — Dr 1610 import VAT recoverable (VAT is recoverable, so outside the cost), Cr 2210 customs payable.
/// A step that lowers what is owed books the same accounts on the other sides.
/// </summary>
public sealed class CustomsPayablePosting(LedgerWrites writes)
{
    public const string CapitalisedCustoms = "1430";

    public static Guid EntryIdOf(Guid declarationId, string step) => ChartOfAccounts.DerivedId(declarationId, $"customs-payable/{step}");

    public static string CauseOf(Guid declarationId, string step) => $"customs.declaration:{declarationId:N}:{step}";

    /// <summary>Posts the steps not posted yet; nothing when every step is in the ledger or the declaration owes nothing.</summary>
    public Task PostAsync(CustomsDeclarationFacts d, CancellationToken ct)
    {
        if (!d.Registered || d.CompanyId == Guid.Empty)
        {
            return Task.CompletedTask;
        }

        return writes.ChangeAsync(d.CompanyId, userId: null, CompanyRole.Viewer, (ledger, now) =>
        {
            var drafts = new List<EntryDraft>();
            var previous = CustomsPayments.None;
            foreach (var step in d.Steps)
            {
                var change = step.Owed.Minus(previous);
                previous = step.Owed;
                var id = EntryIdOf(d.DeclarationId, step.Key);
                if (change.Duty + change.Excise + change.Fees == 0m && change.Vat == 0m || ledger.State.Entries.ContainsKey(id))
                {
                    continue;
                }

                drafts.Add(Draft(ledger, d, step, change, id));
            }

            return drafts.Count == 0 ? null : ledger.Post(drafts, now);
        }, ct);
    }

    private static EntryDraft Draft(CompanyLedger ledger, CustomsDeclarationFacts d, CustomsPayableStep step, CustomsPayments change, Guid id)
    {
        if (ledger.State.Find(CapitalisedCustoms) is null)
        {
            ledger.OpenAccount(CapitalisedCustoms, "Customs duties, excise and fees capitalised into goods cost", AccountType.Asset, Currencies.Rub,
                false, false, null, null, step.At);
        }

        var lines = new List<LineDraft>();
        void Line(string account, decimal debit)
        {
            if (debit != 0m)
            {
                lines.Add(new LineDraft(account, debit > 0 ? EntrySide.Debit : EntrySide.Credit, Math.Abs(debit), Currencies.Rub));
            }
        }

        Line(CapitalisedCustoms, change.Duty + change.Excise + change.Fees);
        Line(ChartOfAccounts.ImportVatRecoverable, change.Vat);
        Line(ChartOfAccounts.CustomsPayable, -change.Total);
        var what = step.Key switch
        {
            "registered" => "Customs payments",
            "withdrawn" => "Customs payments withdrawn",
            _ => "Customs payments corrected",
        };
        return new EntryDraft(id, $"{what} of declaration {d.RegistrationNumber}", CauseOf(d.DeclarationId, step.Key), lines, step.At);
    }
}
