using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace WellWon.Benchmarks;

/// <summary>What the figures were measured on: cores, CPU, memory, PostgreSQL and its durability settings, .NET.</summary>
public sealed record MachineInfo(int Cores, string Cpu, double MemoryGiB, string Postgres, string Runtime)
{
    public static async Task<MachineInfo> ReadAsync(string postgres, CancellationToken ct)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memKb = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : null;

        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var pg = $"PostgreSQL {reader.GetString(0).Split(' ')[0]} (fsync {reader.GetString(1)}, synchronous_commit {reader.GetString(2)}, shared_buffers {reader.GetString(3)})";

        return new MachineInfo(
            Environment.ProcessorCount,
            cpu ?? RuntimeInformation.ProcessArchitecture.ToString(),
            memKb is null ? 0 : long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0,
            pg,
            RuntimeInformation.FrameworkDescription);
    }

    public override string ToString() => string.Join(" · ", Lines());

    /// <summary>The 1-minute load average: the figures mean little when other work fills the cores.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>The machine as the table's first rows.</summary>
    public IEnumerable<string> Lines() =>
    [
        $"machine: {Cores} cores (nproc), {Cpu}, {MemoryGiB:N1} GiB RAM",
        $"{Postgres}",
        $"{Runtime}; client, PostgreSQL, Redis and API share those cores over loopback",
    ];
}
