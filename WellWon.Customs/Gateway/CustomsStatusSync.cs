using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WellWon.Customs.Contracts;
using WellWon.Customs.Domain;
using WellWon.Customs.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Gateway;

/// <summary>What one poll of the gateway did, for the job's run history.</summary>
public sealed record CustomsStatusReport(int Polled, int Unknown, int Applied, int Unchanged, int Skipped, int Malformed, IReadOnlyList<string> Failures);

/// <summary>
/// Asks the gateway about every submitted or registered declaration and applies what it reports — registered, released, rejected —
/// through the declaration's own methods, in the declaration's company (tenant), with no user (customs decided), each event carrying
/// the gateway's event id. The same gateway event, or the same status, again changes nothing; a move the declaration refuses is logged and skipped whole; a malformed answer applies nothing.
/// </summary>
public sealed partial class CustomsStatusSync(IServiceScopeFactory scopes, NpgsqlDataSource db, CustomsGatewayClient client, ILogger<CustomsStatusSync> logger)
{
    private const int SaveAttempts = 3;

    public async Task<CustomsStatusReport> RunAsync(CancellationToken ct)
    {
        int unknown = 0, applied = 0, unchanged = 0, skipped = 0, malformed = 0;
        var failures = new List<string>();
        var pending = await PendingAsync(ct);
        foreach (var id in pending)
        {
            try
            {
                if (await client.StatusAsync(id, ct) is not { } status)
                {
                    unknown++;
                    continue;
                }

                switch (await ApplyAsync(id, status, ct))
                {
                    case Outcome.Applied: applied++; break;
                    case Outcome.Unchanged: unchanged++; break;
                    default: skipped++; break;
                }
            }
            catch (GatewayPayloadException e)
            {
                malformed++;
                LogMalformed(id, e.Message);
            }
            catch (CustomsGatewayUnavailableException e)
            {
                // One declaration the gateway cannot answer for does not stop the others; the next run asks again.
                failures.Add($"{id}: {e.Message}");
                LogUnavailable(e, id);
            }
        }

        return new CustomsStatusReport(pending.Count, unknown, applied, unchanged, skipped, malformed, failures);
    }

    private async Task<List<Guid>> PendingAsync(CancellationToken ct)
    {
        await using var command = db.CreateCommand(
            $"SELECT id FROM {DeclarationsProjection.LiveTable} WHERE status IN ('{DeclarationStatuses.Submitted}', '{DeclarationStatuses.Registered}') ORDER BY updated_at, id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private enum Outcome
    {
        Applied,
        Unchanged,
        Skipped,
    }

    private async Task<Outcome> ApplyAsync(Guid id, GatewayStatus status, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<IAggregateStore>();
            var declaration = await store.TryLoadAsync<CustomsDeclaration>(id, ct);
            if (declaration is not { Exists: true })
            {
                return Outcome.Skipped;
            }

            // The events belong to the declaration's company, whichever company the previous declaration was of.
            scope.ServiceProvider.GetRequiredService<RequestContext>().TenantId = declaration.State.CompanyId;
            try
            {
                if (!Decide(declaration, status))
                {
                    return Outcome.Unchanged;
                }
            }
            catch (DomainException refused)
            {
                // The aggregate threw before saving: nothing of this answer is stored.
                LogSkipped(id, status.EventId, status.Status, declaration.State.Status, refused.Code);
                return Outcome.Skipped;
            }

            try
            {
                await store.SaveAsync(declaration, ct);
                return Outcome.Applied;
            }
            catch (WrongExpectedVersionException) when (attempt < SaveAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Moves the declaration to the gateway's status, the events carrying the gateway's event id; false when that gateway event was
    /// applied already, or the declaration is at (or past) the status.
    /// </summary>
    private static bool Decide(CustomsDeclaration declaration, GatewayStatus status)
    {
        if (declaration.State.Applied(status.EventId))
        {
            return false;
        }

        var current = declaration.State.Status;
        switch (status.Status)
        {
            case GatewayStatuses.Submitted:
                return false;
            case GatewayStatuses.Registered:
                if (current is DeclarationStatuses.Registered or DeclarationStatuses.Released)
                {
                    return false;
                }

                declaration.Register(status.RegistrationNumber!, status.At, status.EventId);
                return true;
            case GatewayStatuses.Released:
                if (current == DeclarationStatuses.Released)
                {
                    return false;
                }

                // Registered and released between two polls: both moves, in one append, or neither.
                if (current == DeclarationStatuses.Submitted && status.RegistrationNumber is { } number)
                {
                    declaration.Register(number, status.At, status.EventId);
                }

                declaration.Release(status.ReleasedAt ?? status.At, status.EventId);
                return true;
            default:
                if (current == DeclarationStatuses.Rejected)
                {
                    return false;
                }

                declaration.Reject(status.Reason!, status.At, gatewayEventId: status.EventId);
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customs gateway event {EventId} ({Status}) for declaration {DeclarationId}, which is {Current}, was not applied: {Code}")]
    private partial void LogSkipped(Guid declarationId, string eventId, string status, string current, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The customs gateway's answer for declaration {DeclarationId} was malformed and nothing was applied: {Why}")]
    private partial void LogMalformed(Guid declarationId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The customs gateway could not be asked about declaration {DeclarationId}; the next run asks again")]
    private partial void LogUnavailable(Exception exception, Guid declarationId);
}
