using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WellWon.Identity.ReadModel;
using WellWon.Platform.Projections;
using WellWon.Platform.Scheduling;

namespace WellWon.Workers.DataSync;

/// <summary>How often read models are checked against the log, bound from <c>DataSync:IntegrityCheck</c>.</summary>
public sealed class IntegrityCheckOptions
{
    public const string Section = "DataSync:IntegrityCheck";

    /// <summary>Each check replays the projection's share of the whole log, so it runs rarely.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Compares <c>identity.user_profiles</c> with a fresh replay of the log (<see cref="IProjectionIntegrityChecker"/>) and keeps the
/// report with the run (<c>rowsCompared</c>, <c>missing</c>, <c>extra</c>, <c>different</c>). Drift means a bug or a hand edit: it
/// is logged as a warning and set on the gauge <c>wellwon.integrity.drift</c> (tag <c>projection</c>) for alerting; the cure is a
/// rebuild, which stays a person's decision (the admin endpoint), since drift may also be the evidence worth looking at first.
/// </summary>
public sealed partial class UserProfilesIntegrityCheck : IScheduledJob
{
    private readonly IProjectionIntegrityChecker _checker;
    private readonly IntegrityCheckOptions _options;
    private readonly ILogger<UserProfilesIntegrityCheck> _logger;
    private readonly Gauge<long> _drift;

    public UserProfilesIntegrityCheck(
        IProjectionIntegrityChecker checker, IOptions<IntegrityCheckOptions> options, IMeterFactory meters, ILogger<UserProfilesIntegrityCheck> logger)
    {
        _checker = checker;
        _options = options.Value;
        _logger = logger;
        _drift = meters.Create(Extensions.TelemetryName).CreateGauge<long>(
            "wellwon.integrity.drift", "{row}", "Rows of a read model that differ from a replay of the log (missing + extra + different) at its last integrity check.");
    }

    public string Name => $"integrity-check {UserProfileProjection.ProjectionName}";

    public TimeSpan Interval => _options.Interval;

    public async Task RunAsync(JobContext context, CancellationToken ct)
    {
        var report = await _checker.CheckAsync(UserProfileProjection.ProjectionName, ct);
        var drift = report.Missing + report.Extra + report.Different;
        context.Summary["projection"] = report.Projection;
        context.Summary["rowsCompared"] = report.RowsCompared;
        context.Summary["missing"] = report.Missing;
        context.Summary["extra"] = report.Extra;
        context.Summary["different"] = report.Different;
        _drift.Record(drift, new KeyValuePair<string, object?>("projection", report.Projection));
        if (drift > 0)
        {
            LogDrift(report.Projection, drift, report.Missing, report.Extra, report.Different, report.RowsCompared);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Read model {Projection} has drifted from the log: {Drift} rows ({Missing} missing, {Extra} extra, {Different} different of {Rows}); rebuild it once the cause is understood")]
    private partial void LogDrift(string projection, long drift, long missing, long extra, long different, long rows);
}
