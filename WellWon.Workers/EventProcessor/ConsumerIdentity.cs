using System.Text.RegularExpressions;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// This process's consumer name: machine, role and optional instance id (<c>web-3.event-processor.2</c>). Stable across restarts,
/// so a restarted process takes back at once the messages it had not acknowledged, instead of waiting for them to look abandoned.
/// </summary>
public sealed partial record ConsumerIdentity(string Name)
{
    public static ConsumerIdentity For(string role, string? instanceId)
    {
        var name = string.IsNullOrWhiteSpace(instanceId) ? $"{Environment.MachineName}.{role}" : $"{Environment.MachineName}.{role}.{instanceId}";
        // Consumer names become parts of Redis keys: letters, digits, '.', '_' and '-' only.
        return new ConsumerIdentity(Unsafe().Replace(name, "-").ToLowerInvariant());
    }

    [GeneratedRegex("[^A-Za-z0-9._-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();
}
