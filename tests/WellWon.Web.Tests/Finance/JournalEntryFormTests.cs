using System.Net;
using WellWon.Web.Api;
using WellWon.Web.Finance;

namespace WellWon.Web.Tests.Finance;

/// <summary>
/// The journal entry's checks before sending, and where a refusal lands: the ledger counts only the lines sent, so a blank line in
/// the form does not shift the line a problem names; a problem naming only an account lands on that account's line.
/// </summary>
public sealed class JournalEntryFormTests
{
    private static readonly IReadOnlyList<LedgerAccountView> Accounts = [Account("1010.USD", "asset"), Account("3010.USD", "equity")];

    [Fact]
    public void A_problem_at_a_sent_line_lands_on_that_line_of_the_form_past_a_blank_one()
    {
        var form = Balanced();
        form.Lines.Insert(1, new JournalLineRow());

        Assert.Equal(2, form.LineOf(Problem(field: "entries[0].lines[1]")));
        Assert.Equal(2, form.LineOf(Problem(errors: new() { ["entries[0].lines[1].amount"] = ["'Amount' must be greater than '0'."] })));
        Assert.Equal(0, form.LineOf(Problem(account: "1010.USD")));
        Assert.Null(form.LineOf(Problem()));
    }

    [Fact]
    public void Amounts_finer_than_the_currency_and_unbalanced_currencies_are_found_before_sending()
    {
        var form = Balanced();
        form.Lines[0].Amount = 100.005m;

        var problems = form.Problems(Accounts);

        Assert.Contains("1010.USD: a positive amount with at most 2 decimals.", problems);
        Assert.Contains("USD does not balance: debits 100.01, credits 100.00.", problems);
        Assert.Empty(Balanced().Problems(Accounts));
    }

    private static JournalEntryForm Balanced()
    {
        var form = new JournalEntryForm { Description = "Opening balance" };
        (form.Lines[0].Account, form.Lines[0].Side, form.Lines[0].Amount) = ("1010.USD", "debit", 100m);
        (form.Lines[1].Account, form.Lines[1].Side, form.Lines[1].Amount) = ("3010.USD", "credit", 100m);
        return form;
    }

    private static LedgerAccountView Account(string code, string type) =>
        new(Guid.NewGuid(), code, code, type, "USD", false, false, null, null, 0, 0, 0, 0, 0, 0, 0);

    private static ApiProblem Problem(string? field = null, string? account = null, Dictionary<string, string[]>? errors = null) =>
        new(HttpStatusCode.UnprocessableEntity, "finance.ledger.overdraft", "Refused", "Refused", errors ?? [], null, field, account);
}
