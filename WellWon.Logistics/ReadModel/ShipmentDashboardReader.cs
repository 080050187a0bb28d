using Npgsql;
using WellWon.Logistics.Contracts;

namespace WellWon.Logistics.ReadModel;

/// <summary>The company dashboard: shipments by status, the worst delays, what arrives soon, and the lanes goods arrived by.</summary>
/// <param name="ByStatus">Every status of <see cref="ShipmentStatuses"/>, by its exact name, with its count (0 included).</param>
public sealed record ShipmentDashboard(
    Guid CompanyId,
    DateTimeOffset AsOf,
    IReadOnlyDictionary<string, int> ByStatus,
    DashboardDelays Delayed,
    DashboardArrivals ArrivingSoon,
    IReadOnlyList<DashboardLane> Lanes);

public sealed record DashboardDelays(int Count, IReadOnlyList<DelayedShipment> Top);

/// <param name="DelayHours">The delay of the latest report, in hours (one decimal).</param>
public sealed record DelayedShipment(Guid Id, string Reference, DateTimeOffset? PlannedEta, DateTimeOffset? ExpectedEta, double DelayHours, string? Destination);

public sealed record DashboardArrivals(int Count, IReadOnlyList<ArrivingShipment> Items);

public sealed record ArrivingShipment(Guid Id, string Reference, DateTimeOffset? ExpectedEta, string? Destination, string Mode);

/// <param name="AverageTransitDays">From the first departure to the arrival at the destination, averaged (two decimals).</param>
public sealed record DashboardLane(string? Origin, string? Destination, string Mode, int Shipments, double? AverageTransitDays);

/// <summary>
/// Reads <c>logistics.shipment_dashboard</c> for one company in one round trip: a batch of small queries, each served by an index
/// of the table (see <see cref="ShipmentDashboardProjection.CreateSql"/>).
/// </summary>
public sealed class ShipmentDashboardReader(NpgsqlDataSource db)
{
    public const int TopDelayed = 10;
    public const int ArrivingItems = 20;
    public const int LaneCount = 20;

    public static readonly TimeSpan ArrivingWindow = TimeSpan.FromDays(7);

    private static readonly string Table = ShipmentDashboardProjection.LiveTable.ToString();

    // "On its way": the same predicate as the arriving index, so the planner can use it.
    private const string OnItsWay = "status IN ('booked', 'in_transit')";

    public async Task<ShipmentDashboard> ReadAsync(Guid companyId, DateTimeOffset asOf, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command($"SELECT status, count(*)::int FROM {Table} WHERE company_id = $1 GROUP BY status", companyId),
                Command($"SELECT count(*)::int FROM {Table} WHERE company_id = $1 AND delayed", companyId),
                Command($"""
                    SELECT id, reference, planned_eta, expected_eta, delay, destination FROM {Table}
                    WHERE company_id = $1 AND delayed ORDER BY delay DESC, id LIMIT {TopDelayed}
                    """, companyId),
                Command($"""
                    SELECT count(*)::int FROM {Table}
                    WHERE company_id = $1 AND {OnItsWay} AND expected_eta >= $2 AND expected_eta < $3
                    """, companyId, asOf, asOf + ArrivingWindow),
                Command($"""
                    SELECT id, reference, expected_eta, destination, mode FROM {Table}
                    WHERE company_id = $1 AND {OnItsWay} AND expected_eta >= $2 AND expected_eta < $3
                    ORDER BY expected_eta, id LIMIT {ArrivingItems}
                    """, companyId, asOf, asOf + ArrivingWindow),
                Command($"""
                    SELECT origin, destination, mode, count(*)::int, avg(extract(epoch FROM arrived_at - departed_at))::float8 / 86400
                    FROM {Table} WHERE company_id = $1 AND arrived_at IS NOT NULL
                    GROUP BY origin, destination, mode
                    ORDER BY count(*) DESC, origin, destination, mode LIMIT {LaneCount}
                    """, companyId),
            },
        };

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var byStatus = ShipmentStatuses.All.OrderBy(s => s == ShipmentStatuses.Cancelled ? int.MaxValue : ShipmentStatuses.Rank(s))
            .ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            byStatus[reader.GetString(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(ct);
        var delayedCount = await CountAsync(reader, ct);

        await reader.NextResultAsync(ct);
        var delayed = new List<DelayedShipment>();
        while (await reader.ReadAsync(ct))
        {
            delayed.Add(new DelayedShipment(
                reader.GetGuid(0),
                reader.GetString(1),
                TimeOrNull(reader, 2),
                TimeOrNull(reader, 3),
                Math.Round(reader.GetFieldValue<TimeSpan>(4).TotalHours, 1),
                TextOrNull(reader, 5)));
        }

        await reader.NextResultAsync(ct);
        var arrivingCount = await CountAsync(reader, ct);

        await reader.NextResultAsync(ct);
        var arriving = new List<ArrivingShipment>();
        while (await reader.ReadAsync(ct))
        {
            arriving.Add(new ArrivingShipment(reader.GetGuid(0), reader.GetString(1), TimeOrNull(reader, 2), TextOrNull(reader, 3), reader.GetString(4)));
        }

        await reader.NextResultAsync(ct);
        var lanes = new List<DashboardLane>();
        while (await reader.ReadAsync(ct))
        {
            lanes.Add(new DashboardLane(
                TextOrNull(reader, 0),
                TextOrNull(reader, 1),
                reader.GetString(2),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : Math.Round(reader.GetDouble(4), 2)));
        }

        return new ShipmentDashboard(companyId, asOf, byStatus, new DashboardDelays(delayedCount, delayed), new DashboardArrivals(arrivingCount, arriving), lanes);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task<int> CountAsync(NpgsqlDataReader reader, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? reader.GetInt32(0) : 0;

    private static DateTimeOffset? TimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? TextOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
