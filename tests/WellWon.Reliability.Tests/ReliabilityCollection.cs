namespace WellWon.Reliability.Tests;

/// <summary>
/// The scenarios run one after another: each loads this 2-core machine by itself, and side by side their timings (and figures)
/// would be each other's noise. To run them alone, with their figures:
/// <c>dotnet test --project tests/WellWon.Reliability.Tests --filter-trait "Category=Reliability" --output Detailed</c>
/// (WELLWON_TEST_PG and WELLWON_TEST_REDIS set, as <c>./wellwon test</c> sets them).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class ReliabilityCollection
{
    public const string Name = "Reliability";
}
