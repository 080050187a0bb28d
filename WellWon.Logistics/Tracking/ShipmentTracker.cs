using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;
using WellWon.Logistics.Features;
using WellWon.Platform.Kernel;

namespace WellWon.Logistics.Tracking;

/// <summary>What one tracking run did, for the job's run history.</summary>
public sealed class TrackingRunReport
{
    private int _subscribed, _events, _applied, _ignored, _skipped, _failures, _unsubscribed;

    public int Followed { get; set; }

    public int Subscribed => _subscribed;

    public int Events => _events;

    public int Applied => _applied;

    /// <summary>Repeats, ETAs equal to the current one, estimates older than the latest.</summary>
    public int Ignored => _ignored;

    /// <summary>Events the shipment's rules refused (out of order, after it closed): never applied, never retried.</summary>
    public int Skipped => _skipped;

    public int Failures => _failures;

    public int Unsubscribed => _unsubscribed;

    internal void Subscribe() => Interlocked.Increment(ref _subscribed);

    internal void Fail() => Interlocked.Increment(ref _failures);

    internal void Unsubscribe() => Interlocked.Increment(ref _unsubscribed);

    internal void Count(int events, int applied, int ignored, int skipped)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _applied, applied);
        Interlocked.Add(ref _ignored, ignored);
        Interlocked.Add(ref _skipped, skipped);
    }
}

/// <summary>
/// Follows shipments at the carriers their legs name (a company's own carrier with tracking, or a built-in one): subscribes once,
/// reads the feed after the saved cursor page by page, applies each page to the shipment in one append through the shipments'
/// write path (source = the carrier's code, the carrier's event id for de-duplication), and only then saves the cursor, so a crash
/// in between re-reads what the shipment already ignores as repeats. Carriers are worked in parallel, each one's shipments in
/// turn: one carrier failing never holds up another. A carrier that forgot a subscription (404) is subscribed again and read
/// from the start; a delivered or cancelled shipment is unsubscribed.
/// </summary>
public sealed partial class ShipmentTracker(
    IServiceScopeFactory scopes,
    TrackingSubscriptions subscriptions,
    CarrierDirectory directory,
    CarrierTrackingClient client,
    IOptions<TrackingOptions> options,
    TimeProvider clock,
    ILogger<ShipmentTracker> logger)
{
    /// <summary>Pages read per shipment and carrier in one run; the rest waits for the next run.</summary>
    public const int MaxPagesPerRun = 50;

    private readonly TrackingOptions _options = options.Value;

    public async Task<TrackingRunReport> RunAsync(CancellationToken ct)
    {
        var report = new TrackingRunReport();
        var work = new List<(TrackedShipment Shipment, TrackedCarrier Carrier)>();
        foreach (var shipment in await subscriptions.CandidatesAsync(ct))
        {
            foreach (var code in await CarrierCodesOfAsync(shipment, ct))
            {
                if (await directory.ResolveAsync(shipment.CompanyId, code, ct) is { } carrier)
                {
                    work.Add((shipment, carrier));
                }
            }
        }

        report.Followed = work.Count;
        await Task.WhenAll(work.GroupBy(w => w.Carrier.BaseUrl.ToString() + "|" + w.Carrier.Code).Select(async carrierWork =>
        {
            foreach (var (shipment, carrier) in carrierWork)
            {
                await SyncAsync(shipment, carrier, report, ct);
            }
        }));
        return report;
    }

    private async Task<IEnumerable<string>> CarrierCodesOfAsync(TrackedShipment shipment, CancellationToken ct)
    {
        var codes = shipment.Legs.Select(l => l.Carrier).OfType<string>().Select(CarrierRules.NormalizeCode).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        if (ShipmentStatuses.IsClosed(shipment.Status))
        {
            // What is open is what to close, whatever the legs say now.
            codes.UnionWith((await subscriptions.ForShipmentAsync(shipment.Id, ct)).Where(s => s.Open).Select(s => s.Carrier));
        }

        return codes.Order(StringComparer.Ordinal);
    }

    private async Task SyncAsync(TrackedShipment shipment, TrackedCarrier carrier, TrackingRunReport report, CancellationToken ct)
    {
        try
        {
            var row = (await subscriptions.ForShipmentAsync(shipment.Id, ct)).FirstOrDefault(s => s.Carrier == carrier.Code);
            if (ShipmentStatuses.IsClosed(shipment.Status))
            {
                if (row is { Open: true })
                {
                    await client.UnsubscribeAsync(carrier, shipment.Reference, ct);
                    await subscriptions.UnsubscribedAsync(shipment.Id, carrier.Code, clock.GetUtcNow(), ct);
                    report.Unsubscribe();
                }

                return;
            }

            var cursor = row?.Cursor;
            if (row is not { Open: true })
            {
                await SubscribeAsync(shipment, carrier, report, ct);
                cursor = null;
            }

            try
            {
                await ReadAsync(shipment, carrier, cursor, report, ct);
            }
            catch (CarrierTrackingException e) when (e.Failure == TrackingFailure.NotSubscribed)
            {
                // The carrier forgot the subscription (a restart): subscribe again and replay; repeats are ignored by their ids.
                LogResubscribing(carrier.Code, shipment.Reference);
                await SubscribeAsync(shipment, carrier, report, ct);
                await ReadAsync(shipment, carrier, null, report, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            report.Fail();
            LogFailed(e, carrier.Code, shipment.Reference, e.Message);
            await subscriptions.FailedAsync(shipment, carrier.Code, e.Message, clock.GetUtcNow(), ct);
        }
    }

    private async Task SubscribeAsync(TrackedShipment shipment, TrackedCarrier carrier, TrackingRunReport report, CancellationToken ct)
    {
        var legs = shipment.Legs.Where(l => CarrierRules.NormalizeCode(l.Carrier) == carrier.Code)
            .Select(l => new TrackingLeg(l.Id.ToString("D"), l.From, l.To, l.Mode, l.Vessel, l.Voyage, l.Etd, l.Eta)).ToList();
        await client.SubscribeAsync(carrier, new TrackingSubscription(shipment.Reference, shipment.Mode, legs, shipment.Containers), ct);
        await subscriptions.SubscribedAsync(shipment, carrier.Code, clock.GetUtcNow(), ct);
        report.Subscribe();
    }

    private async Task ReadAsync(TrackedShipment shipment, TrackedCarrier carrier, string? cursor, TrackingRunReport report, CancellationToken ct)
    {
        for (var page = 0; page < MaxPagesPerRun; page++)
        {
            var events = await client.ReadEventsAsync(carrier, shipment.Reference, cursor, _options.PageSize, ct);
            if (events.Events.Count > 0)
            {
                await ApplyAsync(shipment, carrier, events.Events, report, ct);
            }

            // Saved only now: the events before it are in the shipment's stream.
            await subscriptions.AdvancedAsync(shipment.Id, carrier.Code, events.Next, clock.GetUtcNow(), ct);
            if (events.Events.Count < _options.PageSize || events.Next == cursor)
            {
                return;
            }

            cursor = events.Next;
        }
    }

    // One page, one append: the shipment decides on every event; one it refuses is skipped, the others stand.
    private async Task ApplyAsync(TrackedShipment shipment, TrackedCarrier carrier, IReadOnlyList<CarrierEvent> events, TrackingRunReport report, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var writes = scope.ServiceProvider.GetRequiredService<ShipmentWrites>();
        var now = clock.GetUtcNow();
        var source = MilestoneSource.FromCarrier(carrier.Code);
        var (applied, ignored, skipped) = await writes.ChangeAsync(shipment.Id, null, RuleFields.FromItem, s =>
        {
            int applied = 0, ignored = 0, skipped = 0;
            foreach (var e in events)
            {
                try
                {
                    if (Apply(s, e, source, now))
                    {
                        applied++;
                    }
                    else
                    {
                        ignored++;
                    }
                }
                catch (DomainException refused)
                {
                    skipped++;
                    LogSkipped(carrier.Code, shipment.Reference, e.EventId, e.Type, refused.Code);
                }
            }

            return (applied, ignored, skipped);
        }, ct);
        report.Count(events.Count, applied, ignored, skipped);
    }

    private bool Apply(Shipment s, CarrierEvent e, MilestoneSource source, DateTimeOffset now)
    {
        var leg = Guid.TryParse(e.LegId, out var legId) && s.State.IndexOfLeg(legId) >= 0 ? legId : (Guid?)null;
        if (e.Type == CarrierEventTypes.Eta)
        {
            var outcome = s.ReviseLegEta(leg ?? legId, e.EstimatedArrival!.Value, source, e.EventId, e.OccurredAt, _options.DelayThreshold, now);
            return outcome is EtaRevisionOutcome.Revised or EtaRevisionOutcome.RevisedAndDelayed;
        }

        var kind = e.Type switch
        {
            CarrierEventTypes.PickedUp => MilestoneKinds.PickedUp,
            CarrierEventTypes.Departed => MilestoneKinds.Departed,
            CarrierEventTypes.Transshipped => MilestoneKinds.Transshipped,
            CarrierEventTypes.Arrived => MilestoneKinds.Arrived,
            CarrierEventTypes.OutForDelivery => MilestoneKinds.OutForDelivery,
            CarrierEventTypes.Delivered => MilestoneKinds.Delivered,
            _ => MilestoneKinds.Exception,
        };
        var location = UnLocode.Normalize(e.Location);
        var reason = e.Reason?.Trim() is { Length: > 0 } r ? (r.Length > ShipmentRules.ReasonMaxLength ? r[..ShipmentRules.ReasonMaxLength] : r) : null;
        var milestone = new Milestone(Guid.CreateVersion7(), kind, e.OccurredAt, UnLocode.IsValid(location) ? location : null, leg, reason, source, e.EventId);
        return !s.RecordMilestone(milestone, now).Duplicate;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Carrier {Carrier} event {EventId} ({Type}) for {Reference} was not applied: {Code}")]
    private partial void LogSkipped(string carrier, string reference, string eventId, string type, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Carrier {Carrier} no longer knows {Reference}; subscribing again and reading its events from the start")]
    private partial void LogResubscribing(string carrier, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking {Reference} at carrier {Carrier} failed: {Why}; its cursor stays where it was")]
    private partial void LogFailed(Exception exception, string carrier, string reference, string why);
}
