using System.Collections.Frozen;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Finance.Ledger.ReadModel;

/// <summary>
/// <c>finance.ledger_entries</c>: the journal, one row per entry. The event that posts or holds an entry writes its own columns and
/// the one that resolves a hold writes the resolution's, each an upsert of the same values, so order and repetition do not matter;
/// the status is read from them (resolution, else pending for a hold, else posted) and who reversed an entry from the reversal's row.
/// </summary>
[SyncProjection] // a hold's status is read right after it is posted or voided
public sealed class LedgerEntriesProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("finance", "ledger_entries");

    private static readonly FrozenSet<string> Types = LedgerEventTypes.Of(typeof(EntryPosted), typeof(EntryHeld), typeof(HeldEntryPosted), typeof(HeldEntryVoided));

    public string Name => "finance.ledger-entries";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            entry_id     uuid        NOT NULL,
            company_id   uuid        NOT NULL,
            description  text,
            cause        text,
            was_pending  boolean,
            reverses     uuid,
            batch_id     uuid,
            effective_at timestamptz,
            recorded_at  timestamptz,
            expires_at   timestamptz,
            lines        jsonb,
            resolution   text CHECK (resolution IN ('posted', 'voided', 'expired')),
            resolved_at  timestamptz,
            posted_lines jsonb,
            CONSTRAINT {table.Index("pkey")} PRIMARY KEY (entry_id)
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id, recorded_at);
        CREATE INDEX {table.Index("by_reverses")} ON {table} (reverses) WHERE reverses IS NOT NULL;
        CREATE INDEX {table.Index("open_holds")} ON {table} (expires_at) WHERE was_pending AND resolution IS NULL;
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        await using var command = registry.Deserialize(e.EventType, e.Data) switch
        {
            EntryPosted p => Created(table, p.EntryId, p.CompanyId, p.Description, p.Cause, false, p.Reverses, p.BatchId, p.EffectiveAt, p.RecordedAt, null, p.Lines),
            EntryHeld h => Created(table, h.EntryId, h.CompanyId, h.Description, h.Cause, true, null, h.BatchId, h.EffectiveAt, h.RecordedAt, h.ExpiresAt, h.Lines),
            HeldEntryPosted p => Resolved(table, p.EntryId, p.CompanyId, "posted", p.PostedAt, p.Lines),
            HeldEntryVoided v => Resolved(table, v.EntryId, v.CompanyId, v.Expired ? "expired" : "voided", v.VoidedAt, null),
            _ => null,
        };
        if (command is not null)
        {
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private NpgsqlCommand Created(ProjectionTable table, Guid entryId, Guid companyId, string description, string? cause, bool wasPending, Guid? reverses,
        Guid? batchId, DateTimeOffset effectiveAt, DateTimeOffset recordedAt, DateTimeOffset? expiresAt, IReadOnlyList<EntryLine> lines)
    {
        var command = db.CreateCommand($"""
            INSERT INTO {table} (entry_id, company_id, description, cause, was_pending, reverses, batch_id, effective_at, recorded_at, expires_at, lines)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (entry_id) DO UPDATE SET description = excluded.description, cause = excluded.cause, was_pending = excluded.was_pending,
                reverses = excluded.reverses, batch_id = excluded.batch_id, effective_at = excluded.effective_at, recorded_at = excluded.recorded_at,
                expires_at = excluded.expires_at, lines = excluded.lines
            """);
        foreach (var value in new object?[] { entryId, companyId, description, cause, wasPending, reverses, batchId, effectiveAt, recordedAt, expiresAt })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        command.Parameters.Add(Json(lines));
        return command;
    }

    private NpgsqlCommand Resolved(ProjectionTable table, Guid entryId, Guid companyId, string resolution, DateTimeOffset at, IReadOnlyList<EntryLine>? postedLines)
    {
        var command = db.CreateCommand($"""
            INSERT INTO {table} (entry_id, company_id, resolution, resolved_at, posted_lines)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (entry_id) DO UPDATE SET resolution = excluded.resolution, resolved_at = excluded.resolved_at, posted_lines = excluded.posted_lines
            """);
        foreach (var value in new object[] { entryId, companyId, resolution, at })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        command.Parameters.Add(postedLines is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb } : Json(postedLines));
        return command;
    }

    private static NpgsqlParameter Json(IReadOnlyList<EntryLine> lines) =>
        new() { Value = JsonSerializer.Serialize(lines, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb };
}
