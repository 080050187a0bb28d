using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WellWon.Platform.Database;

/// <summary>
/// Migrates the database while the host is starting, before any hosted service's <c>StartAsync</c>
/// (lifecycle "starting" hooks run first), so no worker ever reads a table that is not there yet.
/// </summary>
public sealed partial class DatabaseMigrationService(DatabaseMigrator migrator, TimeProvider clock, ILogger<DatabaseMigrationService> logger)
    : IHostedLifecycleService
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var giveUpAt = clock.GetUtcNow() + RetryFor;
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && clock.GetUtcNow() < giveUpAt)
            {
                // The database may still be starting when every service boots at once.
                LogDatabaseUnavailable(e.Message);
                await Task.Delay(RetryDelay, clock, cancellationToken);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not reachable for migrations yet, retrying: {Reason}")]
    private partial void LogDatabaseUnavailable(string reason);
}
