using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.ReadModel;

namespace WellWon.Identity.Features;

/// <summary>
/// Creates the first ww_admin from <c>Admin:Email</c>/<c>Admin:Password</c> at start-up when no administrator exists.
/// Idempotent, and safe when several instances start together: they queue on an advisory lock, the later ones find the
/// administrator there, and even without the lock the e-mail reservation lets only one registration of the address win.
/// </summary>
public sealed partial class SeedAdministrator(
    IServiceScopeFactory scopes,
    NpgsqlDataSource db,
    IOptions<AdminSeedOptions> options,
    ILogger<SeedAdministrator> logger) : IHostedService
{
    private const long LockKey = 0x57576964_41646D6E; // "WWid" "Admn"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        if (!Email.TryParse(admin.Email, out var email) || PasswordPolicy.Check(admin.Password, email.Value) is not null)
        {
            throw new InvalidOperationException("Admin:Email must be an e-mail address and Admin:Password must follow the password policy "
                + $"(at least {PasswordPolicy.MinLength} characters, not the e-mail).");
        }

        await using var scope = scopes.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<UserProfileReader>();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            if (await reader.AnyAdministratorAsync(cancellationToken))
            {
                return;
            }

            var registration = scope.ServiceProvider.GetRequiredService<AccountRegistration>();
            var id = await registration.RegisterAsync(
                email, admin.Password, new PersonalProfile(admin.FirstName, admin.LastName), UserTypes.Admin, emailVerified: true, cancellationToken);
            LogCreated(logger, id);
        }
        catch (EmailTakenException)
        {
            LogAddressTaken(logger);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator account {UserId} from configuration Admin:Email")]
    private static partial void LogCreated(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator exists, but the address in Admin:Email already has an account; none was created")]
    private static partial void LogAddressTaken(ILogger logger);
}
