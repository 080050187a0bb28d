using FluentValidation;
using Mediator;
using WellWon.Customs.Tariff;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>
/// HS codes in force on a date (today when not given) by code prefix or by Russian or English words (<c>GET /api/customs/hs?q=&amp;date=&amp;limit=</c>),
/// each with its headings path. Reference data: any signed-in user.
/// </summary>
public sealed record SearchHsCodes(string? Q, DateOnly? Date, int Limit = SearchHsCodes.DefaultLimit) : IQuery<IReadOnlyList<HsCodeEntry>>, IRequireAuthenticatedUser
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

public sealed class SearchHsCodesValidator : AbstractValidator<SearchHsCodes>
{
    public SearchHsCodesValidator()
    {
        RuleFor(x => x.Q).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Limit).InclusiveBetween(1, SearchHsCodes.MaxLimit);
    }
}

public sealed class SearchHsCodesHandler(TariffReader tariff, TimeProvider clock) : IQueryHandler<SearchHsCodes, IReadOnlyList<HsCodeEntry>>
{
    public async ValueTask<IReadOnlyList<HsCodeEntry>> Handle(SearchHsCodes query, CancellationToken cancellationToken) =>
        await tariff.SearchAsync(query.Q!.Trim(), query.Date ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), query.Limit, cancellationToken);
}
