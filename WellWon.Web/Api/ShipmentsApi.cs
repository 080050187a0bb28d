using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WellWon.Web.Api;

// Logistics' shipments as WellWon.Api answers them (WellWon.Logistics' ShipmentView, ShipmentPage, ShipmentTimelineView), read by
// name: the Web references no context. Fields tracking adds later (a leg's revised ETA, a shipment's delay) are optional here.

public sealed record PartyView(Guid? CompanyId, string? Name, string? Address)
{
    public string Display => Name ?? (CompanyId is { } id ? "WellWon company " + id.ToString("N")[..6] : "—");
}

public sealed record MoneyView(decimal Amount, string Currency);

public sealed record CargoLineView(
    Guid Id,
    string Description,
    string? HsCode,
    int Packages,
    string? PackageType,
    decimal GrossWeightKg,
    decimal? NetWeightKg,
    decimal? VolumeM3,
    MoneyView? DeclaredValue);

public sealed record ContainerView(string Number, string Type, IReadOnlyList<string> Seals);

/// <param name="Eta">The ETA now expected (a carrier's revision replaces the planned one; the shipment's EtaRevisions keep the history).</param>
public sealed record LegView(
    Guid Id,
    string From,
    string To,
    string Mode,
    string? Carrier,
    string? Vessel,
    string? Voyage,
    string? FlightNumber,
    DateTimeOffset? Etd,
    DateTimeOffset? Eta,
    DateTimeOffset? Atd = null,
    DateTimeOffset? Ata = null);

/// <summary>A leg's ETA changed from <see cref="PreviousEta"/> to <see cref="NewEta"/>, reported by a carrier's feed or a user.</summary>
public sealed record EtaRevisionView(Guid LegId, DateTimeOffset? PreviousEta, DateTimeOffset NewEta, MilestoneSourceView Source, string? CarrierEventId, DateTimeOffset RevisedAt);

public sealed record MilestoneSourceView(Guid? UserId, string? Carrier);

public sealed record MilestoneView(Guid Id, string Kind, DateTimeOffset At, string? Location, Guid? LegId, string? Reason, MilestoneSourceView Source, string? CarrierEventId);

public sealed record ShipmentDocumentView(Guid DocumentId, string Type, Guid AttachedBy, DateTimeOffset AttachedAt);

public sealed record ShipmentNoteView(Guid Id, string Text, Guid AuthorId, DateTimeOffset At);

public sealed record CargoTotalsView(int Packages, decimal GrossWeightKg, decimal NetWeightKg, decimal VolumeM3);

/// <summary>How late the arrival at the final destination is expected, as tracking detected it.</summary>
public sealed record ShipmentDelayView(DateTimeOffset? PlannedEta, DateTimeOffset? ExpectedEta, double? DelayHours);

public sealed record ShipmentDetails(
    Guid Id,
    Guid CompanyId,
    string Reference,
    string Status,
    string Mode,
    string? Incoterm,
    string? IncotermPlace,
    PartyView? Shipper,
    PartyView? Consignee,
    PartyView? NotifyParty,
    string? BlNumber,
    IReadOnlyList<CargoLineView> Cargo,
    CargoTotalsView? Totals,
    IReadOnlyList<ContainerView> Containers,
    IReadOnlyList<LegView> Legs,
    IReadOnlyList<MilestoneView> Milestones,
    IReadOnlyList<ShipmentDocumentView>? Documents,
    IReadOnlyList<ShipmentNoteView>? Notes,
    string? CancelReason,
    Guid CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    DateTimeOffset? AsOf,
    DateTimeOffset? PlannedEta = null,
    bool Delayed = false,
    TimeSpan? Delay = null,
    IReadOnlyList<EtaRevisionView>? EtaRevisions = null)
{
    public bool IsDelayed => Delayed;

    /// <summary>The final arrival now expected against the one planned at booking, while the shipment is delayed.</summary>
    public ShipmentDelayView? DelayInfo => Delayed ? new(PlannedEta, Legs.Count > 0 ? Legs[^1].Eta : null, Delay?.TotalHours) : null;

    /// <summary>The leg's ETA before its first revision, when it has been revised.</summary>
    public DateTimeOffset? PlannedEtaOf(LegView leg) => EtaRevisions?.FirstOrDefault(r => r.LegId == leg.Id)?.PreviousEta;
}

/// <param name="Delayed">Set by tracking once it lands; absent (null) until then.</param>
public sealed record ShipmentListItem(
    Guid Id,
    Guid CompanyId,
    string Reference,
    string Status,
    string Mode,
    string? Incoterm,
    string? BlNumber,
    IReadOnlyList<string>? ContainerNumbers,
    string? Origin,
    string? Destination,
    DateTimeOffset? Etd,
    DateTimeOffset? Eta,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    bool? Delayed = null,
    DateTimeOffset? ExpectedEta = null);

public sealed record ShipmentListPage(IReadOnlyList<ShipmentListItem> Items, string? Next);

/// <summary>One entry of a shipment's timeline; <see cref="Carrier"/> is set when a carrier reported it, <see cref="UserId"/> for a user.</summary>
public sealed record TimelineItem(
    long Version,
    string Change,
    string? Milestone,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? UserId,
    string? Carrier,
    string Summary,
    JsonElement? Data = null);

public sealed record ShipmentTimelinePage(Guid ShipmentId, IReadOnlyList<TimelineItem> Entries, DateTimeOffset? AsOf);

// What the Web sends: the shapes of WellWon.Logistics' CreateShipmentRequest and its item inputs (a null member is "not given").

public sealed record PartyInput(Guid? CompanyId = null, string? Name = null, string? Address = null);

public sealed record MoneyInput(decimal? Amount = null, string? Currency = null);

public sealed record CargoLineInput(
    Guid? Id = null,
    string? Description = null,
    string? HsCode = null,
    int? Packages = null,
    string? PackageType = null,
    decimal? GrossWeightKg = null,
    decimal? NetWeightKg = null,
    decimal? VolumeM3 = null,
    MoneyInput? DeclaredValue = null);

public sealed record ContainerInput(string? Number = null, string? Type = null, IReadOnlyList<string>? Seals = null);

public sealed record LegInput(
    Guid? Id = null,
    string? From = null,
    string? To = null,
    string? Mode = null,
    string? Carrier = null,
    string? Vessel = null,
    string? Voyage = null,
    string? FlightNumber = null,
    DateTimeOffset? Etd = null,
    DateTimeOffset? Eta = null);

public sealed record CreateShipmentBody(
    Guid CompanyId,
    string? Mode,
    string? Incoterm,
    string? IncotermPlace,
    PartyInput? Shipper,
    PartyInput? Consignee,
    PartyInput? NotifyParty,
    string? BlNumber,
    IReadOnlyList<CargoLineInput> Cargo,
    IReadOnlyList<ContainerInput> Containers,
    IReadOnlyList<LegInput> Legs);

public sealed record ShipmentHeaderBody(PartyInput? Shipper, PartyInput? Consignee, PartyInput? NotifyParty, string? Incoterm, string? IncotermPlace, string? BlNumber);

public sealed record CreatedShipmentRef(Guid Id, string Reference);

public sealed record AddedItem(Guid? Id = null, string? Number = null);

public sealed record RecordMilestoneBody(string Kind, DateTimeOffset? At, string? Location, Guid? LegId, string? Reason, string? CarrierEventId = null);

public sealed record RecordedMilestoneRef(Guid Id, bool Duplicate, string Status);

/// <summary>The filters of the shipments list; null members filter nothing.</summary>
public sealed record ShipmentFilter(string? Status = null, string? Mode = null, DateTimeOffset? EtaFrom = null, DateTimeOffset? EtaTo = null, string? Text = null);

/// <summary>Logistics' shipment endpoints, <c>/api/shipments/*</c>, as the signed-in user.</summary>
public sealed class ShipmentsApi(HttpClient http)
{
    public const int PageSize = 25;

    public Task<ApiResult<ShipmentListPage>> ListAsync(Guid companyId, ShipmentFilter filter, string? cursor, CancellationToken ct, int limit = PageSize)
    {
        var query = new StringBuilder($"/api/shipments?companyId={companyId}&limit={limit.ToString(CultureInfo.InvariantCulture)}");
        Append(query, "status", filter.Status);
        Append(query, "mode", filter.Mode);
        Append(query, "etaFrom", filter.EtaFrom?.ToString("O", CultureInfo.InvariantCulture));
        Append(query, "etaTo", filter.EtaTo?.ToString("O", CultureInfo.InvariantCulture));
        Append(query, "q", string.IsNullOrWhiteSpace(filter.Text) ? null : filter.Text.Trim());
        Append(query, "cursor", cursor);
        return http.GetAsync<ShipmentListPage>(query.ToString(), ct);
    }

    public Task<ApiResult<ShipmentDetails>> GetAsync(Guid id, DateTimeOffset? asOf, CancellationToken ct) =>
        http.GetAsync<ShipmentDetails>($"/api/shipments/{id}{AsOfQuery(asOf)}", ct);

    public Task<ApiResult<ShipmentTimelinePage>> TimelineAsync(Guid id, DateTimeOffset? asOf, CancellationToken ct) =>
        http.GetAsync<ShipmentTimelinePage>($"/api/shipments/{id}/timeline{AsOfQuery(asOf)}", ct);

    public Task<ApiResult<CreatedShipmentRef>> CreateAsync(CreateShipmentBody body, CancellationToken ct) =>
        http.SendJsonAsync<CreatedShipmentRef>(HttpMethod.Post, "/api/shipments", body, ct);

    public Task<ApiResult<NoContent>> UpdateHeaderAsync(Guid id, ShipmentHeaderBody body, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/shipments/{id}/header", body, ct);

    public Task<ApiResult<NoContent>> BookAsync(Guid id, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/shipments/{id}/book", null, ct);

    public Task<ApiResult<NoContent>> CancelAsync(Guid id, string reason, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/shipments/{id}/cancel", new { reason }, ct);

    public Task<ApiResult<RecordedMilestoneRef>> RecordMilestoneAsync(Guid id, RecordMilestoneBody body, CancellationToken ct) =>
        http.SendJsonAsync<RecordedMilestoneRef>(HttpMethod.Post, $"/api/shipments/{id}/milestones", body, ct);

    public Task<ApiResult<AddedItem>> AddLegAsync(Guid id, LegInput leg, CancellationToken ct) =>
        http.SendJsonAsync<AddedItem>(HttpMethod.Post, $"/api/shipments/{id}/legs", leg, ct);

    public Task<ApiResult<NoContent>> UpdateLegAsync(Guid id, Guid legId, LegInput leg, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/shipments/{id}/legs/{legId}", leg, ct);

    public Task<ApiResult<NoContent>> RemoveLegAsync(Guid id, Guid legId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"/api/shipments/{id}/legs/{legId}", null, ct);

    public Task<ApiResult<AddedItem>> AddContainerAsync(Guid id, ContainerInput container, CancellationToken ct) =>
        http.SendJsonAsync<AddedItem>(HttpMethod.Post, $"/api/shipments/{id}/containers", container, ct);

    public Task<ApiResult<NoContent>> UpdateContainerAsync(Guid id, string number, ContainerInput container, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/shipments/{id}/containers/{Uri.EscapeDataString(number)}", container, ct);

    public Task<ApiResult<NoContent>> RemoveContainerAsync(Guid id, string number, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"/api/shipments/{id}/containers/{Uri.EscapeDataString(number)}", null, ct);

    public Task<ApiResult<AddedItem>> AddCargoLineAsync(Guid id, CargoLineInput line, CancellationToken ct) =>
        http.SendJsonAsync<AddedItem>(HttpMethod.Post, $"/api/shipments/{id}/cargo", line, ct);

    public Task<ApiResult<NoContent>> UpdateCargoLineAsync(Guid id, Guid lineId, CargoLineInput line, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/shipments/{id}/cargo/{lineId}", line, ct);

    public Task<ApiResult<NoContent>> RemoveCargoLineAsync(Guid id, Guid lineId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"/api/shipments/{id}/cargo/{lineId}", null, ct);

    /// <summary>The company's logistics figures; a 404 means the Api does not offer them yet (the screen shows an empty state).</summary>
    public Task<ApiResult<LogisticsDashboard>> DashboardAsync(Guid companyId, CancellationToken ct) =>
        http.GetAsync<LogisticsDashboard>($"/api/shipments/dashboard?companyId={companyId}", ct);

    private static string AsOfQuery(DateTimeOffset? asOf) =>
        asOf is { } at ? "?asOf=" + Uri.EscapeDataString(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)) : string.Empty;

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}

/// <summary>The logistics dashboard of a company (<c>GET /api/shipments/dashboard?companyId=</c>).</summary>
public sealed record LogisticsDashboard(
    Guid CompanyId,
    DateTimeOffset AsOf,
    IReadOnlyDictionary<string, int> ByStatus,
    DelayedShipments Delayed,
    ArrivingShipments ArrivingSoon,
    IReadOnlyList<LaneFigures> Lanes);

public sealed record DelayedShipments(int Count, IReadOnlyList<DelayedShipment> Top);

public sealed record DelayedShipment(Guid Id, string Reference, DateTimeOffset? PlannedEta, DateTimeOffset? ExpectedEta, double DelayHours, string? Destination);

public sealed record ArrivingShipments(int Count, IReadOnlyList<ArrivingShipment> Items);

public sealed record ArrivingShipment(Guid Id, string Reference, DateTimeOffset? ExpectedEta, string? Destination, string? Mode);

public sealed record LaneFigures(string Origin, string Destination, string Mode, int Shipments, double? AverageTransitDays);
