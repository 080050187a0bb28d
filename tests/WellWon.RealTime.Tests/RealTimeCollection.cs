namespace WellWon.RealTime.Tests;

/// <summary>
/// One Api for every real-time test, and the tests one after another: the connection gauge is process-wide, so a test that
/// reads it must not share the process's moment with others opening connections.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealTimeCollection : ICollectionFixture<RealTimeApiFactory>
{
    public const string Name = "realtime";
}
