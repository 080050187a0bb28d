using System.Diagnostics;
using WellWon.AppHost.Infrastructure;

namespace WellWon.AppHost.Tests;

/// <summary>The real AppHost asked for containers on a machine where no engine answers: one message and exit code 1, at once.</summary>
public sealed class NoContainerEngineTests
{
    private static readonly string[] Runtimes = ["docker", "podman"];

    [Fact]
    public async Task Containers_mode_without_an_engine_exits_at_once_with_one_message()
    {
        Assert.SkipWhen(Runtimes.Any(r => InfrastructureModes.ProbeEngine(r).Answers),
            "A container engine answers on this machine, so containers mode would start instead of failing.");

        var appHost = AppHostAsBuilt();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--Infra:Mode=containers" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The AppHost was still running after {clock.Elapsed.TotalSeconds:F0} s: it waits for containers instead of failing.");
        }

        Assert.Equal(1, process.ExitCode);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("WellWon: Infra:Mode=containers needs a container engine, and none answered", line);
        Assert.Empty((await output).Trim());
        TestContext.Current.TestOutputHelper?.WriteLine($"exited after {clock.ElapsedMilliseconds} ms: {line}");
    }

    // The AppHost as its own build left it, with its own runtime configuration: the copy in this project's output resolves
    // its assemblies against this project's frameworks (ASP.NET Core included, for the fakes), not the AppHost's.
    private static string AppHostAsBuilt()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var root = configuration.Parent!.Parent!.Parent!.Parent!;
        var path = Path.Combine(root.FullName, "WellWon.AppHost", "bin", configuration.Name, framework.Name, "WellWon.AppHost.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build WellWon.AppHost first (./wellwon test builds the whole solution).");
        return path;
    }
}
