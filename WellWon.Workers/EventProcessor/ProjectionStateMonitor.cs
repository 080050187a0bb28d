using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WellWon.Platform.Projections;

namespace WellWon.Workers.EventProcessor;

/// <summary>
/// Writes the positions the dispatcher applied to <c>platform.projection_state</c> about once a second and reads every
/// projection's state back for the gauges: <c>wellwon.projection.lag</c> (newest event of its types − last applied position),
/// <c>wellwon.projection.rebuild.progress</c> (0..1) and <c>wellwon.projection.rebuild.rate</c> (events/s) while a rebuild runs.
/// </summary>
public sealed partial class ProjectionStateMonitor : BackgroundService
{
    private readonly ProjectionStateStore _store;
    private readonly ProjectionPositions _positions;
    private readonly EventProcessorOptions _options;
    private readonly ILogger<ProjectionStateMonitor> _logger;
    private IReadOnlyList<ProjectionState> _states = [];

    public ProjectionStateMonitor(
        ProjectionStateStore store,
        ProjectionPositions positions,
        IOptions<EventProcessorOptions> options,
        IMeterFactory meters,
        ILogger<ProjectionStateMonitor> logger)
    {
        _store = store;
        _positions = positions;
        _options = options.Value;
        _logger = logger;
        var meter = meters.Create(Extensions.TelemetryName);
        meter.CreateObservableGauge(
            "wellwon.projection.lag",
            () => States.Select(s => new Measurement<long>(s.Lag, Tag(s))),
            "{event}",
            "Global positions between the newest event of a projection's types and the last one it applied.");
        meter.CreateObservableGauge(
            "wellwon.projection.rebuild.progress",
            () => States.Where(s => s.Status == ProjectionStatus.Rebuilding && s.Rebuild is not null)
                .Select(s => new Measurement<double>(s.Rebuild!.Fraction, Tag(s))),
            "1",
            "Share of the log a running rebuild has replayed.");
        meter.CreateObservableGauge(
            "wellwon.projection.rebuild.rate",
            () => States.Where(s => s.Status == ProjectionStatus.Rebuilding && s.Rebuild?.Rate is not null)
                .Select(s => new Measurement<double>(s.Rebuild!.Rate!.Value, Tag(s))),
            "{event}/s",
            "Events per second a running rebuild replays.");
    }

    /// <summary>Every projection's state as last read (refreshed every <see cref="EventProcessorOptions.StateInterval"/>).</summary>
    public IReadOnlyList<ProjectionState> States => Volatile.Read(ref _states);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.StateInterval);
        try
        {
            do
            {
                await FlushAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; StopAsync flushes once more.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What was applied since the last tick still counts.
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var drained = _positions.Drain();
        try
        {
            await _store.RecordAppliedAsync(drained, ct);
            Volatile.Write(ref _states, await _store.ListAsync(ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _positions.Restore(drained);
            LogFlushFailed(e);
        }
        catch (OperationCanceledException)
        {
            _positions.Restore(drained);
        }
    }

    private static KeyValuePair<string, object?> Tag(ProjectionState state) => new("projection", state.Name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record projection positions; they are kept for the next try")]
    private partial void LogFlushFailed(Exception e);
}
