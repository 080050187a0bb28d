namespace WellWon.Reliability.Tests.Infrastructure;

public static class ApiSettings
{
    /// <summary>
    /// The Api gives its sync projections a budget of one tick, so it answers without projecting and identity.user_profiles is
    /// written by the event processor alone: what the scenarios check is then the worker's work, not the Api's read-your-writes copy.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> WorkerOwnsProjections { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Projections__SyncBudget"] = "00:00:00.0000001",
        // Every command would log that its sync projection ran out of budget.
        ["Logging__LogLevel__WellWon.Platform.Projections.SyncProjectionRunner"] = "None",
    };
}
