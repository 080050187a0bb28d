namespace WellWon.Reliability.Tests;

/// <summary>
/// The scenarios run one after another: each loads this 2-core machine by itself, and side by side their timings (and figures)
/// would be each other's noise.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class ReliabilityCollection
{
    public const string Name = "Reliability";
}
