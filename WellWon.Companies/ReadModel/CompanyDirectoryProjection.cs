using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Companies.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Companies.ReadModel;

/// <summary>
/// <c>companies.companies</c>: one row per company. Events can reach the row out of order (the sync run of a later append may
/// beat the event processor to an earlier one), so the row is kept as groups of columns, each with the stream version that
/// last set it: the founding facts (set once), the details (name, tax id, address) and the status. An event writes only its
/// groups, and only over an older version, so any order and any repetition of the events give the same row. A row is
/// shown once its founding facts are there.
/// </summary>
[SyncProjection] // the creator reads the company back at once
public sealed class CompanyDirectoryProjection(NpgsqlDataSource db, EventTypeRegistry registry) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("companies", "companies");

    private static readonly IReadOnlySet<string> Types = EventTypeNames.Of(
        typeof(CompanyCreated), typeof(CompanyDetailsUpdated), typeof(CompanyArchived), typeof(CompanySuspended), typeof(CompanyReactivated));

    public string Name => "companies.company-directory";

    public IReadOnlySet<string> EventTypes => Types;

    public ProjectionTable Table => LiveTable;

    public static string TableSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id              uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            version         bigint      NOT NULL,
            updated_at      timestamptz NOT NULL,
            country         text,
            company_type    text,
            created_by      uuid,
            created_at      timestamptz,
            name            text,
            tax_id          text,
            address         jsonb,
            details_version bigint      NOT NULL,
            status          text        NOT NULL,
            status_version  bigint      NOT NULL
        );
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var create = db.CreateCommand(TableSql(table));
        await create.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        var v = e.StreamVersion;
        var change = registry.Deserialize(e.EventType, e.Data) switch
        {
            CompanyCreated c => new Change(c.CompanyId, c.CreatedAt, new Founding(c.Country, c.CompanyType, c.OwnerUserId, c.CreatedAt),
                new Details(c.Name, c.TaxId, c.Address, v), new Status(CompanyStatuses.Active, v)),
            CompanyDetailsUpdated d => new Change(d.CompanyId, d.UpdatedAt, null, new Details(d.Name, d.TaxId, d.Address, v), null),
            CompanyArchived a => new Change(a.CompanyId, a.ArchivedAt, null, null, new Status(CompanyStatuses.Archived, v)),
            CompanySuspended s => new Change(s.CompanyId, s.SuspendedAt, null, null, new Status(CompanyStatuses.Suspended, v)),
            CompanyReactivated r => new Change(r.CompanyId, r.ReactivatedAt, null, null, new Status(CompanyStatuses.Active, v)),
            _ => null,
        };
        if (change is null)
        {
            return;
        }

        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS c
                (id, version, updated_at, country, company_type, created_by, created_at, name, tax_id, address, details_version, status, status_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET
                version = GREATEST(c.version, EXCLUDED.version),
                updated_at = CASE WHEN EXCLUDED.version > c.version THEN EXCLUDED.updated_at ELSE c.updated_at END,
                country = COALESCE(c.country, EXCLUDED.country),
                company_type = COALESCE(c.company_type, EXCLUDED.company_type),
                created_by = COALESCE(c.created_by, EXCLUDED.created_by),
                created_at = COALESCE(c.created_at, EXCLUDED.created_at),
                name = CASE WHEN EXCLUDED.details_version > c.details_version THEN EXCLUDED.name ELSE c.name END,
                tax_id = CASE WHEN EXCLUDED.details_version > c.details_version THEN EXCLUDED.tax_id ELSE c.tax_id END,
                address = CASE WHEN EXCLUDED.details_version > c.details_version THEN EXCLUDED.address ELSE c.address END,
                details_version = GREATEST(c.details_version, EXCLUDED.details_version),
                status = CASE WHEN EXCLUDED.status_version > c.status_version THEN EXCLUDED.status ELSE c.status END,
                status_version = GREATEST(c.status_version, EXCLUDED.status_version)
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = change.CompanyId });
        p.Add(new NpgsqlParameter { Value = v });
        p.Add(new NpgsqlParameter { Value = change.At });
        p.Add(Text(change.Founding?.Country));
        p.Add(Text(change.Founding?.CompanyType));
        p.Add(new NpgsqlParameter { Value = (object?)change.Founding?.CreatedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = (object?)change.Founding?.CreatedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(Text(change.Details?.Name));
        p.Add(Text(change.Details?.TaxId));
        p.Add(new NpgsqlParameter
        {
            Value = change.Details?.Address is { } address ? JsonSerializer.Serialize(address, EventTypeRegistry.JsonOptions) : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.Jsonb,
        });
        // A group the event does not carry goes in at version -1, which never wins over what is there.
        p.Add(new NpgsqlParameter { Value = change.Details?.Version ?? -1L });
        p.Add(new NpgsqlParameter { Value = change.Status?.Value ?? CompanyStatuses.Active });
        p.Add(new NpgsqlParameter { Value = change.Status?.Version ?? -1L });
        await upsert.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private sealed record Change(Guid CompanyId, DateTimeOffset At, Founding? Founding, Details? Details, Status? Status);

    private sealed record Founding(string Country, string CompanyType, Guid CreatedBy, DateTimeOffset CreatedAt);

    private sealed record Details(string Name, string? TaxId, CompanyAddress? Address, long Version);

    private sealed record Status(string Value, long Version);
}
