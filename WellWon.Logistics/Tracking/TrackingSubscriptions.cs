using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Logistics.Contracts;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Tracking;

/// <summary>A shipment WellWon may follow at carriers: booked or on its way, or closed with subscriptions still open.</summary>
public sealed record TrackedShipment(Guid Id, Guid CompanyId, string Reference, string Status, string Mode, IReadOnlyList<RouteLeg> Legs, IReadOnlyList<string> Containers);

/// <summary>One shipment followed at one carrier: where its feed was read up to, and how the last reads went.</summary>
public sealed record TrackingSubscriptionRow(
    Guid ShipmentId, string Carrier, string Reference, string? Cursor, DateTimeOffset? LastPollAt, string? LastError, int ConsecutiveFailures, bool Open);

/// <summary>
/// <c>logistics.tracking_subscriptions</c> (the data-sync role's own table): per shipment and carrier code, the subscription, the
/// feed's cursor (saved only after the events before it were applied) and the last poll's outcome.
/// </summary>
public sealed class TrackingSubscriptions(NpgsqlDataSource db)
{
    public const string Table = """
        CREATE TABLE logistics.tracking_subscriptions (
            shipment_id          uuid        NOT NULL,
            carrier              text        NOT NULL,
            company_id           uuid        NOT NULL,
            reference            text        NOT NULL,
            cursor               text,
            subscribed_at        timestamptz NOT NULL,
            last_poll_at         timestamptz,
            last_error           text,
            consecutive_failures integer     NOT NULL DEFAULT 0,
            unsubscribed_at      timestamptz,
            PRIMARY KEY (shipment_id, carrier)
        );
        """;

    /// <summary>Shipments booked, in transit or arrived, and closed ones that still have an open subscription.</summary>
    public async Task<IReadOnlyList<TrackedShipment>> CandidatesAsync(CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT s.id, s.company_id, s.reference, s.status, s.mode, s.state->'legs', s.container_numbers
            FROM logistics.shipments s
            WHERE s.status IN ('booked', 'in_transit', 'arrived')
               OR (s.status IN ('delivered', 'cancelled')
                   AND EXISTS (SELECT 1 FROM logistics.tracking_subscriptions t WHERE t.shipment_id = s.id AND t.unsubscribed_at IS NULL))
            ORDER BY s.id
            """);
        var items = new List<TrackedShipment>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new TrackedShipment(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JsonSerializer.Deserialize<List<RouteLeg>>(reader.GetString(5), EventTypeRegistry.JsonOptions) ?? [], reader.GetFieldValue<string[]>(6)));
        }

        return items;
    }

    public async Task<IReadOnlyList<TrackingSubscriptionRow>> ForShipmentAsync(Guid shipmentId, CancellationToken ct)
    {
        await using var select = db.CreateCommand("""
            SELECT shipment_id, carrier, reference, cursor, last_poll_at, last_error, consecutive_failures, unsubscribed_at IS NULL
            FROM logistics.tracking_subscriptions WHERE shipment_id = $1 ORDER BY carrier
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = shipmentId });
        var rows = new List<TrackingSubscriptionRow>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new TrackingSubscriptionRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.GetBoolean(7)));
        }

        return rows;
    }

    /// <summary>The carrier has (again) taken the subscription: its feed is read from the start.</summary>
    public Task SubscribedAsync(TrackedShipment shipment, string carrier, DateTimeOffset now, CancellationToken ct) => ExecuteAsync("""
        INSERT INTO logistics.tracking_subscriptions (shipment_id, carrier, company_id, reference, cursor, subscribed_at)
        VALUES ($1, $2, $3, $4, NULL, $5)
        ON CONFLICT (shipment_id, carrier) DO UPDATE SET cursor = NULL, subscribed_at = excluded.subscribed_at, unsubscribed_at = NULL
        """, ct, shipment.Id, carrier, shipment.CompanyId, shipment.Reference, now);

    /// <summary>The events before <paramref name="cursor"/> are applied: the next read starts there.</summary>
    public Task AdvancedAsync(Guid shipmentId, string carrier, string? cursor, DateTimeOffset now, CancellationToken ct) => ExecuteAsync("""
        UPDATE logistics.tracking_subscriptions SET cursor = $3, last_poll_at = $4, last_error = NULL, consecutive_failures = 0
        WHERE shipment_id = $1 AND carrier = $2
        """, ct, shipmentId, carrier, (object?)cursor ?? DBNull.Value, now);

    /// <summary>
    /// The last poll failed; the cursor stays. A shipment whose first subscription failed gets its row here, and its next read,
    /// answered 404 by the carrier, subscribes it.
    /// </summary>
    public Task FailedAsync(TrackedShipment shipment, string carrier, string error, DateTimeOffset now, CancellationToken ct) => ExecuteAsync("""
        INSERT INTO logistics.tracking_subscriptions AS t (shipment_id, carrier, company_id, reference, subscribed_at, last_poll_at, last_error, consecutive_failures)
        VALUES ($1, $2, $3, $4, $5, $5, $6, 1)
        ON CONFLICT (shipment_id, carrier) DO UPDATE SET last_poll_at = excluded.last_poll_at, last_error = excluded.last_error,
            consecutive_failures = t.consecutive_failures + 1
        """, ct, shipment.Id, carrier, shipment.CompanyId, shipment.Reference, now, error.Length > 1000 ? error[..1000] : error);

    public Task UnsubscribedAsync(Guid shipmentId, string carrier, DateTimeOffset now, CancellationToken ct) => ExecuteAsync("""
        UPDATE logistics.tracking_subscriptions SET unsubscribed_at = $3 WHERE shipment_id = $1 AND carrier = $2
        """, ct, shipmentId, carrier, now);

    private async Task ExecuteAsync(string sql, CancellationToken ct, params object[] values)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
