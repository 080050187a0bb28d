using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;

namespace WellWon.Customs.ReadModel;

/// <summary>The payments of the stored calculation, and whether it is of the declaration as it is now.</summary>
public sealed record CalculationSummary(DateOnly Date, decimal CustomsValue, decimal Duty, decimal Excise, decimal Vat, decimal Fee, decimal Total, bool Current);

/// <summary>A declaration as the API answers it; a rejection (customs') and a recall (the declarant's) each with its reason, who and when.</summary>
public sealed record DeclarationView(
    Guid Id,
    Guid CompanyId,
    string Status,
    DeclarationHeader Header,
    IReadOnlyList<GoodsItem> Items,
    IReadOnlyList<DeclarationCost> Costs,
    string? RegistrationNumber,
    StatusReason? Rejection,
    StatusReason? Recall,
    int Corrections,
    IReadOnlyList<CorrectionRecord> CorrectionHistory,
    CalculationSummary? Calculation,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static DeclarationView From(Guid id, DeclarationState s, long version, DateTimeOffset createdAt, DateTimeOffset updatedAt) => new(
        id, s.CompanyId, s.Status, s.Header, s.Items, s.Costs, s.RegistrationNumber, s.Rejection, s.Recall, s.Corrections, s.CorrectionHistory,
        s.Calculation is { } c ? new CalculationSummary(c.Date, c.CustomsValue, c.Duty, c.Excise, c.Vat, c.Fee, c.Total, s.CalculationCurrent) : null,
        version, createdAt, updatedAt);
}
