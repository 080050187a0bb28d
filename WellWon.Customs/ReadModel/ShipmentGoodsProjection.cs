using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Customs.Contracts;
using WellWon.Logistics.Contracts;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Customs.ReadModel;

/// <summary>A cargo line as Customs needs it: what, how many packages, how heavy and what it is declared to be worth.</summary>
public sealed record ShipmentCargo(Guid Id, string Description, string? HsCode, int Packages, string? PackageType, decimal GrossKg, decimal? NetKg, Contracts.Money? DeclaredValue);

/// <summary>A leg of the route by its UN/LOCODEs; the first two letters of each are the country.</summary>
public sealed record ShipmentLegPlaces(Guid Id, string From, string To)
{
    public string FromCountry => From[..2];

    public string ToCountry => To[..2];
}

/// <summary>What Customs knows of a shipment, from Logistics' events only: its company, terms, status, cargo and route.</summary>
public sealed record ShipmentGoods(
    Guid Id,
    Guid CompanyId,
    string Reference,
    string Mode,
    string? Incoterm,
    string? IncotermPlace,
    string Status,
    ImmutableList<ShipmentCargo> Cargo,
    ImmutableList<ShipmentLegPlaces> Legs)
{
    public decimal GrossKg => Cargo.Sum(c => c.GrossKg);

    /// <summary>The lines' net weights; a line without one counts its gross (the best a shipment says).</summary>
    public decimal NetKg => Cargo.Sum(c => c.NetKg ?? c.GrossKg);

    /// <summary>The country the goods leave from: the first leg's origin.</summary>
    public string? OriginCountry => Legs.Count > 0 ? Legs[0].FromCountry : null;

    /// <summary>The state after <paramref name="e"/>; events before the shipment exists (an abandoned creation) leave none.</summary>
    public static ShipmentGoods? When(ShipmentGoods? s, IDomainEvent e) => s is null
        ? e is ShipmentCreated c
            ? new ShipmentGoods(c.ShipmentId, c.CompanyId, c.Reference, c.Mode, c.Header.Incoterm, c.Header.IncotermPlace,
                ShipmentStatuses.Draft, [.. c.Cargo.Select(Of)], [.. c.Legs.Select(Of)])
            : null
        : e switch
        {
            ShipmentHeaderUpdated h => s with { Incoterm = h.Header.Incoterm, IncotermPlace = h.Header.IncotermPlace },
            ShipmentBooked => s with { Status = ShipmentStatuses.Booked },
            MilestoneRecorded m => s with { Status = m.Status },
            ShipmentCancelled => s with { Status = ShipmentStatuses.Cancelled },
            CargoLineAdded a => s with { Cargo = s.Cargo.Add(Of(a.Line)) },
            CargoLineUpdated u => s with { Cargo = [.. s.Cargo.Select(c => c.Id == u.Line.Id ? Of(u.Line) : c)] },
            CargoLineRemoved r => s with { Cargo = s.Cargo.RemoveAll(c => c.Id == r.LineId) },
            LegAdded a => s with { Legs = s.Legs.Add(Of(a.Leg)) },
            LegUpdated u => s with { Legs = [.. s.Legs.Select(l => l.Id == u.Leg.Id ? Of(u.Leg) : l)] },
            LegRemoved r => s with { Legs = s.Legs.RemoveAll(l => l.Id == r.LegId) },
            _ => s,
        };

    private static ShipmentCargo Of(CargoLine l) => new(l.Id, l.Description, l.HsCode, l.Packages, l.PackageType, l.GrossWeightKg, l.NetWeightKg,
        l.DeclaredValue is { } v ? new Contracts.Money(v.Amount, v.Currency) : null);

    private static ShipmentLegPlaces Of(RouteLeg l) => new(l.Id, l.From, l.To);
}

/// <summary>
/// <c>customs.shipment_goods</c>: Customs' own copy of what it needs of each shipment, fed by Logistics' shipment events (never by
/// its tables). It follows every event of a shipment's stream, so a row's <c>version</c> is the stream's: an event of the next
/// version is folded in, an older or repeated one changes nothing, one after a gap folds the stream from the event store; so any
/// order and repetition leave the same row, and a replay rebuilds it.
/// </summary>
[SyncProjection] // a user opening a declaration right after creating the shipment finds it
public sealed class ShipmentGoodsProjection(NpgsqlDataSource db, IEventStore events) : IRebuildableProjection
{
    public static readonly ProjectionTable LiveTable = new("customs", "shipment_goods");

    /// <summary>Logistics' category of shipment streams (<c>logistics-shipment-{id:N}</c>).</summary>
    public const string StreamCategory = "logistics-shipment";

    // Every event of a shipment's stream, so versions follow one another without gaps.
    private static readonly FrozenDictionary<string, Type> Types = new[]
    {
        typeof(ShipmentCreated), typeof(ShipmentHeaderUpdated), typeof(ShipmentBooked), typeof(CargoLineAdded), typeof(CargoLineUpdated),
        typeof(CargoLineRemoved), typeof(ContainerAdded), typeof(ContainerUpdated), typeof(ContainerRemoved), typeof(LegAdded), typeof(LegUpdated),
        typeof(LegRemoved), typeof(MilestoneRecorded), typeof(ShipmentCancelled), typeof(NoteAdded), typeof(DocumentAttached),
        typeof(DocumentDetached), typeof(ShipmentCreationAbandoned), typeof(LegEtaRevised), typeof(ShipmentDelayed),
    }.ToFrozenDictionary(t => t.GetCustomAttribute<EventTypeAttribute>()!.Name, StringComparer.Ordinal);

    private static readonly FrozenSet<string> Names = Types.Keys.ToFrozenSet(StringComparer.Ordinal);

    public string Name => "customs.shipment-goods";

    public IReadOnlySet<string> EventTypes => Names;

    public ProjectionTable Table => LiveTable;

    public static string CreateSql(ProjectionTable table) => $"""
        CREATE TABLE {table} (
            id         uuid        CONSTRAINT {table.Index("pkey")} PRIMARY KEY,
            company_id uuid        NOT NULL,
            reference  text        NOT NULL,
            status     text        NOT NULL,
            incoterm   text,
            mode       text        NOT NULL,
            gross_kg   numeric     NOT NULL,
            net_kg     numeric     NOT NULL,
            updated_at timestamptz NOT NULL,
            version    bigint      NOT NULL,
            state      jsonb       NOT NULL
        );
        CREATE INDEX {table.Index("by_company")} ON {table} (company_id);
        """;

    public async Task CreateTableAsync(ProjectionTable table, CancellationToken ct)
    {
        await using var command = db.CreateCommand(CreateSql(table));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct)
    {
        if (Deserialize(e) is not { } change || !e.StreamId.StartsWith(StreamCategory + "-", StringComparison.Ordinal))
        {
            return;
        }

        var id = Guid.ParseExact(e.StreamId.AsSpan(StreamCategory.Length + 1), "N");
        var row = await ReadRowAsync(table, id, ct);
        if (row is { } current && current.Version >= e.StreamVersion)
        {
            return;
        }

        var state = row is { } previous && previous.Version == e.StreamVersion - 1 ? ShipmentGoods.When(previous.State, change)
            : row is null && e.StreamVersion == 0 ? ShipmentGoods.When(null, change)
            : await FoldAsync(e.StreamId, e.StreamVersion, ct);
        if (state is not null)
        {
            await WriteAsync(table, state, e.StreamVersion, e.RecordedAt, ct);
        }
    }

    private static IDomainEvent? Deserialize(RecordedEvent e) =>
        Types.TryGetValue(e.EventType, out var type) ? (IDomainEvent?)e.Data.Deserialize(type, EventTypeRegistry.JsonOptions) : null;

    private async Task<ShipmentGoods?> FoldAsync(string stream, long upTo, CancellationToken ct)
    {
        ShipmentGoods? state = null;
        await foreach (var recorded in events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, (int)Math.Min(upTo + 1, int.MaxValue), ct))
        {
            if (recorded.StreamVersion <= upTo && Deserialize(recorded) is { } e)
            {
                state = ShipmentGoods.When(state, e);
            }
        }

        return state;
    }

    private async Task<(long Version, ShipmentGoods State)?> ReadRowAsync(ProjectionTable table, Guid id, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT version, state FROM {table} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? (reader.GetInt64(0), JsonSerializer.Deserialize<ShipmentGoods>(reader.GetString(1), EventTypeRegistry.JsonOptions)!)
            : null;
    }

    // Only over an older version: the Api's sync run and the worker may race; the newer row stays.
    private async Task WriteAsync(ProjectionTable table, ShipmentGoods s, long version, DateTimeOffset at, CancellationToken ct)
    {
        await using var upsert = db.CreateCommand($"""
            INSERT INTO {table} AS t (id, company_id, reference, status, incoterm, mode, gross_kg, net_kg, updated_at, version, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            ON CONFLICT (id) DO UPDATE SET
                company_id = excluded.company_id, reference = excluded.reference, status = excluded.status, incoterm = excluded.incoterm,
                mode = excluded.mode, gross_kg = excluded.gross_kg, net_kg = excluded.net_kg, updated_at = excluded.updated_at,
                version = excluded.version, state = excluded.state
            WHERE t.version < excluded.version
            """);
        var p = upsert.Parameters;
        p.Add(new NpgsqlParameter { Value = s.Id });
        p.Add(new NpgsqlParameter { Value = s.CompanyId });
        p.Add(new NpgsqlParameter { Value = s.Reference });
        p.Add(new NpgsqlParameter { Value = s.Status });
        p.Add(new NpgsqlParameter { Value = (object?)s.Incoterm ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        p.Add(new NpgsqlParameter { Value = s.Mode });
        p.Add(new NpgsqlParameter { Value = s.GrossKg });
        p.Add(new NpgsqlParameter { Value = s.NetKg });
        p.Add(new NpgsqlParameter { Value = at });
        p.Add(new NpgsqlParameter { Value = version });
        p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(s, EventTypeRegistry.JsonOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        await upsert.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Reads <c>customs.shipment_goods</c>.</summary>
public sealed class ShipmentGoodsReader(NpgsqlDataSource db)
{
    public async Task<ShipmentGoods?> GetAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var select = db.CreateCommand($"SELECT state FROM {ShipmentGoodsProjection.LiveTable} WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        return await select.ExecuteScalarAsync(ct) is string json ? JsonSerializer.Deserialize<ShipmentGoods>(json, EventTypeRegistry.JsonOptions) : null;
    }
}
