using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis are provided to WellWon.</summary>
public enum InfrastructureMode
{
    /// <summary>The installed PostgreSQL and redis-server binaries, run by DCP behind small scripts (no container engine needed).</summary>
    Executables,

    /// <summary>The PostgreSQL and Redis container images, where Docker or Podman answers.</summary>
    Containers,
}

public static class InfrastructureModes
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static string Name(this InfrastructureMode mode) => mode switch
    {
        InfrastructureMode.Executables => "executables",
        InfrastructureMode.Containers => "containers",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>The configured mode, or the one this machine supports: containers only when an engine (not just a client) answers.</summary>
    public static InfrastructureMode Choose(IConfiguration configuration, out string reason)
    {
        var configured = configuration["Infra:Mode"];
        switch (configured?.Trim().ToLowerInvariant())
        {
            case "executables":
                reason = "Infra:Mode";
                return InfrastructureMode.Executables;
            case "containers":
                reason = "Infra:Mode";
                return InfrastructureMode.Containers;
            case null or "":
                break;
            default:
                throw new InvalidOperationException($"Infra:Mode is '{configured}'; use 'executables' or 'containers'.");
        }

        var preferred = configuration["ASPIRE_CONTAINER_RUNTIME"];
        foreach (var runtime in new[] { preferred, "docker", "podman" }.OfType<string>().Distinct())
        {
            if (EngineAnswers(runtime))
            {
                // Aspire must drive the engine that answered, not whichever it would guess.
                configuration["ASPIRE_CONTAINER_RUNTIME"] = runtime;
                reason = $"the {runtime} engine answers";
                return InfrastructureMode.Containers;
            }
        }

        reason = "no container engine answers";
        return InfrastructureMode.Executables;
    }

    // `docker info` fails when only the client is installed; a version string means the engine itself replied.
    private static bool EngineAnswers(string runtime)
    {
        var info = new ProcessStartInfo(runtime)
        {
            ArgumentList = { "info", "--format", runtime == "podman" ? "{{.Version.Version}}" : "{{.ServerVersion}}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;  // not installed
        }
    }
}
