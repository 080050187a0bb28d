using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.ReadModel;

/// <summary>What a list of shipments is narrowed to; <see cref="Text"/> finds a reference, a container number or a B/L number.</summary>
public sealed record ShipmentFilter(Guid CompanyId, string? Status, string? Mode, DateTimeOffset? EtaFrom, DateTimeOffset? EtaTo, string? Text);

/// <summary>
/// Where a page ends, in the list's order (newest first): the last row's creation time and id. Clients pass it back as an opaque
/// string; its format may change.
/// </summary>
public readonly record struct ShipmentCursor(DateTimeOffset CreatedAt, Guid Id)
{
    private const string Version = "1";

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}|{CreatedAt.UtcTicks}|{Id:N}")));

    public static bool TryParse(string? value, out ShipmentCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = text.Split('|');
        if (parts.Length != 3 || parts[0] != Version
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !Guid.TryParseExact(parts[2], "N", out var id))
        {
            return false;
        }

        cursor = new ShipmentCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}

/// <summary>The Logistics queries' only source besides the event store's history: the read model of the <c>logistics</c> schema.</summary>
public sealed class ShipmentReader(NpgsqlDataSource db)
{
    private const string SummaryColumns =
        "id, company_id, reference, status, mode, incoterm, bl_number, container_numbers, origin, destination, etd, eta, created_at, updated_at, version, state->'legs', state->'delay'";

    /// <summary>The shipment's company, state and version, or null when there is no such shipment.</summary>
    public async Task<(ShipmentState State, long Version)?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT state, version FROM logistics.shipments WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<ShipmentState>(reader.GetString(0), EventTypeRegistry.JsonOptions)!;
        return (state, reader.GetInt64(1));
    }

    public async Task<Guid?> CompanyOfAsync(Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand("SELECT company_id FROM logistics.shipments WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        return await select.ExecuteScalarAsync(ct) is Guid companyId ? companyId : null;
    }

    /// <summary>
    /// A page of the company's shipments, newest first, after <paramref name="after"/>: a keyset range on (company, created, id),
    /// as cheap on page 100 as on page 1.
    /// </summary>
    public async Task<ShipmentPage> ListAsync(ShipmentFilter filter, ShipmentCursor? after, int limit, CancellationToken ct)
    {
        var text = filter.Text?.Trim();
        await using var select = db.CreateCommand($"""
            SELECT {SummaryColumns} FROM logistics.shipments
            WHERE company_id = $1
              AND ($2::text IS NULL OR status = $2)
              AND ($3::text IS NULL OR mode = $3)
              AND ($4::timestamptz IS NULL OR eta >= $4)
              AND ($5::timestamptz IS NULL OR eta <= $5)
              AND ($6::text IS NULL OR reference ILIKE $6 OR bl_number ILIKE $6
                   OR EXISTS (SELECT 1 FROM unnest(container_numbers) AS c(number) WHERE c.number LIKE $7))
              AND ($8::timestamptz IS NULL OR (created_at, id) < ($8, $9))
            ORDER BY created_at DESC, id DESC
            LIMIT $10
            """);
        var p = select.Parameters;
        p.Add(new NpgsqlParameter { Value = filter.CompanyId });
        p.Add(new NpgsqlParameter { Value = (object?)filter.Status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)filter.Mode ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)filter.EtaFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)filter.EtaTo ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(text) ? DBNull.Value : $"%{EscapeLike(text)}%", NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = string.IsNullOrEmpty(text) ? DBNull.Value : $"%{EscapeLike(ContainerNumber.Normalize(text))}%", NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = (object?)after?.CreatedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter { Value = (object?)after?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        p.Add(new NpgsqlParameter { Value = limit + 1 });

        var items = new List<ShipmentSummary>(limit + 1);
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                items.Add(new ShipmentSummary(
                    reader.GetGuid(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetFieldValue<string[]>(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                    reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                    reader.GetFieldValue<DateTimeOffset>(12),
                    reader.GetFieldValue<DateTimeOffset>(13),
                    reader.GetInt64(14),
                    JsonSerializer.Deserialize<List<LegEta>>(reader.GetString(15), EventTypeRegistry.JsonOptions) ?? [],
                    DelayOf(reader, 16) is not null,
                    DelayOf(reader, 16)));
            }
        }

        // One row more than asked says whether another page follows.
        if (items.Count <= limit)
        {
            return new ShipmentPage(items, null);
        }

        items.RemoveAt(limit);
        return new ShipmentPage(items, new ShipmentCursor(items[^1].CreatedAt, items[^1].Id).ToString());
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT version, change, milestone, occurred_at, recorded_at, user_id, carrier, summary, data
            FROM logistics.shipment_timeline WHERE shipment_id = $1 ORDER BY version
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        var entries = new List<TimelineEntry>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new TimelineEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                JsonSerializer.Deserialize<JsonElement>(reader.GetString(8))));
        }

        return entries;
    }

    // state->'delay' is JSON null while the shipment is on time (and SQL NULL in a row older than the field).
    private static TimeSpan? DelayOf(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<TimeSpan?>(reader.GetString(ordinal), EventTypeRegistry.JsonOptions);

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
