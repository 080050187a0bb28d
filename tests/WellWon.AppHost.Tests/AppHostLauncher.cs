using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace WellWon.AppHost.Tests;

/// <summary>
/// The real AppHost in executables mode with test secrets, its PostgreSQL and Redis data in a fresh directory and every
/// service on ports DCP picks, so a running <c>./wellwon up</c> is never disturbed.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class AppHostLauncher
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>A data directory PostgreSQL can enter: it runs as the postgres user when the tests run as root.</summary>
    public static DirectoryInfo CreateDataRoot() => Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), $"wellwon-apphost-test-{Guid.NewGuid():N}"),
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

    /// <param name="settings">More AppHost settings (<c>--Simulator:LegDuration=00:00:08</c>), read as the AppHost starts.</param>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync(DirectoryInfo dataRoot, CancellationToken ct, params string[] settings) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.WellWon_AppHost>(
        [
            "--Infra:Mode=executables",
            $"--Infra:DataRoot={dataRoot.FullName}",
            "--Infra:Durable=false",
            "--Parameters:jwt-signing-key=test-signing-key-0123456789abcdef0123456789abcdef0123456789abcdef",
            "--Parameters:postgres-password=test-db-password",
            $"--Parameters:identity-master-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "--Parameters:admin-email=admin@wellwon.test",
            "--Parameters:admin-password=test-admin-password",
            "--Parameters:carrier-simulator-key=test-carrier-simulator-key",
            $"--Parameters:logistics-credentials-key={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            .. settings,
        ], ct);

    /// <summary>Starts the application and waits until the Api, both worker roles, the Web and the carrier simulator report healthy.</summary>
    public static async Task StartHealthyAsync(DistributedApplication app, CancellationToken ct)
    {
        await app.StartAsync(ct);
        foreach (var service in new[] { "api", "event-processor", "data-sync", "web", "carrier-simulator" })
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, ct);
        }
    }
}
