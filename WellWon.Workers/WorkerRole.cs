namespace WellWon.Workers;

/// <summary>The two jobs a worker process can have; the AppHost starts one process per role.</summary>
public enum WorkerRole
{
    /// <summary>Consumes the bus: async projections, sagas, notifications.</summary>
    EventProcessor,

    /// <summary>Talks to the outside world on a schedule: exchange rates, carrier tracking, customs status, integrity checks.</summary>
    DataSync,
}

public static class WorkerRoles
{
    public static WorkerRole Parse(string[] args, IConfiguration configuration)
    {
        var value = args.FirstOrDefault(a => !a.StartsWith('-')) ?? configuration["Worker:Role"] ?? "event-processor";
        return value.ToLowerInvariant() switch
        {
            "event-processor" => WorkerRole.EventProcessor,
            "data-sync" => WorkerRole.DataSync,
            _ => throw new ArgumentException($"Unknown worker role '{value}'. Use 'event-processor' or 'data-sync'.", nameof(args)),
        };
    }

    public static string Name(this WorkerRole role) => role switch
    {
        WorkerRole.EventProcessor => "event-processor",
        WorkerRole.DataSync => "data-sync",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
