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
    public static InfrastructureMode Choose(IConfiguration configuration, out string reason) =>
        Choose(configuration, ProbeEngine, out reason);

    /// <summary>
    /// As above, with the engine probe given (tests). <c>Infra:Mode=containers</c> on a machine where no engine answers throws
    /// <see cref="InfrastructureChoiceException"/> at once: with containers in the model and no engine, Aspire would wait forever.
    /// <c>Infra:SkipContainerRuntimeCheck=true</c> builds the containers model without asking (to inspect or publish it).
    /// </summary>
    public static InfrastructureMode Choose(IConfiguration configuration, Func<string, EngineProbe> probe, out string reason)
    {
        var configured = configuration["Infra:Mode"];
        switch (configured?.Trim().ToLowerInvariant())
        {
            case "executables":
                reason = "Infra:Mode";
                return InfrastructureMode.Executables;
            case "containers":
                reason = "Infra:Mode";
                if (configuration.GetValue("Infra:SkipContainerRuntimeCheck", false))
                {
                    return InfrastructureMode.Containers;
                }

                var answers = Probe(configuration, probe);
                if (answers.FirstOrDefault(a => a.Answers) is { } engine)
                {
                    configuration["ASPIRE_CONTAINER_RUNTIME"] = engine.Runtime;
                    return InfrastructureMode.Containers;
                }

                throw new InfrastructureChoiceException(
                    "Infra:Mode=containers needs a container engine, and none answered (" +
                    string.Join("; ", answers.Select(a => $"{a.Runtime}: {a.Detail}")) +
                    "). Start Docker or Podman, or run with --Infra:Mode=executables.");
            case null or "":
                break;
            default:
                throw new InfrastructureChoiceException($"Infra:Mode is '{configured}'; use 'executables' or 'containers'.");
        }

        if (Probe(configuration, probe).FirstOrDefault(a => a.Answers) is { } answering)
        {
            // Aspire must drive the engine that answered, not whichever it would guess.
            configuration["ASPIRE_CONTAINER_RUNTIME"] = answering.Runtime;
            reason = $"the {answering.Runtime} engine answers";
            return InfrastructureMode.Containers;
        }

        reason = "no container engine answers";
        return InfrastructureMode.Executables;
    }

    /// <summary>Asks the preferred runtime, then docker, then podman, stopping at the first that answers.</summary>
    private static List<EngineProbe> Probe(IConfiguration configuration, Func<string, EngineProbe> probe)
    {
        var answers = new List<EngineProbe>();
        foreach (var runtime in new[] { configuration["ASPIRE_CONTAINER_RUNTIME"], "docker", "podman" }.OfType<string>().Distinct())
        {
            var answer = probe(runtime);
            answers.Add(answer);
            if (answer.Answers)
            {
                break;
            }
        }

        return answers;
    }

    // `docker info` fails when only the client is installed; a version string means the engine itself replied.
    public static EngineProbe ProbeEngine(string runtime)
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
                return new EngineProbe(runtime, false, "could not be started");
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return new EngineProbe(runtime, false, $"no answer within {ProbeTimeout.TotalSeconds} s");
            }

            if (process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result))
            {
                return new EngineProbe(runtime, true, output.Result.Trim());
            }

            var why = error.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            return new EngineProbe(runtime, false, why ?? $"'{runtime} info' exited with {process.ExitCode}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new EngineProbe(runtime, false, "not installed");
        }
    }
}

/// <summary>What asking a container runtime gave: whether its engine answered, and its version or why not.</summary>
public sealed record EngineProbe(string Runtime, bool Answers, string Detail);
