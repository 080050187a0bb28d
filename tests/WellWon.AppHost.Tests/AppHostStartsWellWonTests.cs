using System.Net;
using System.Runtime.Versioning;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The real AppHost in executables mode: PostgreSQL and Redis from the scripts in a fresh data directory,
/// then the Api, workers and Web, all on ports DCP picks, so a running <c>./wellwon up</c> is never disturbed.
/// </summary>
[SupportedOSPlatform("linux")]  // executables mode: the PostgreSQL and Redis scripts are bash on Linux
public sealed class AppHostStartsWellWonTests
{
    [Fact]
    public async Task Every_service_becomes_healthy_and_stopping_leaves_no_server_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataRoot = AppHostLauncher.CreateDataRoot();
        try
        {
            var builder = await AppHostLauncher.CreateAsync(dataRoot, ct);

            await using (var app = await builder.BuildAsync(ct))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(AppHostLauncher.StartTimeout);
                await AppHostLauncher.StartHealthyAsync(app, timeout.Token);

                using var api = app.CreateHttpClient("api");
                using var healthy = await api.GetAsync(new Uri("/health", UriKind.Relative), timeout.Token);
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
                Assert.Equal("Healthy", await healthy.Content.ReadAsStringAsync(timeout.Token));

                // /health includes the Redis check: without Redis the Api reports itself unhealthy.
                var commands = app.Services.GetRequiredService<ResourceCommandService>();
                var stopped = await commands.ExecuteCommandAsync("redis-server", KnownResourceCommands.StopCommand, timeout.Token);
                Assert.True(stopped.Success, stopped.Message);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await EventualHealthStatus(api, HttpStatusCode.ServiceUnavailable, timeout.Token));

                await app.StopAsync(timeout.Token);
            }

            Assert.Empty(await ServersStillRunning(dataRoot.FullName, ct));
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    private static async Task<HttpStatusCode> EventualHealthStatus(HttpClient api, HttpStatusCode expected, CancellationToken ct)
    {
        var status = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 60 && status != expected; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            using var response = await api.GetAsync(new Uri("/health", UriKind.Relative), ct);
            status = response.StatusCode;
        }

        return status;
    }

    // DCP stops its executables as the AppHost stops; allow it a little time before calling a server orphaned.
    private static async Task<List<string>> ServersStillRunning(string dataRoot, CancellationToken ct)
    {
        var left = OwnServers(dataRoot);
        for (var attempt = 0; attempt < 40 && left.Count > 0; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            left = OwnServers(dataRoot);
        }

        return left;
    }

    // A postmaster names its data directory on its command line; redis-server runs in its data directory.
    private static List<string> OwnServers(string dataRoot)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                var workingDirectory = new DirectoryInfo(Path.Combine(proc, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName;
                if (commandLine.Contains($"-D {dataRoot}/", StringComparison.Ordinal)
                    || (workingDirectory?.StartsWith(dataRoot, StringComparison.Ordinal) ?? false))
                {
                    found.Add($"{pid}: {commandLine}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }

        return found;
    }
}
