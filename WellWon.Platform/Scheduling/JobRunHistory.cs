using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace WellWon.Platform.Scheduling;

[JsonConverter(typeof(JsonStringEnumConverter<JobRunStatus>))]
public enum JobRunStatus
{
    Running,
    Ok,
    Failed,
    Skipped,
}

/// <summary>One run of a scheduled job as <c>platform.job_runs</c> keeps it.</summary>
public sealed record JobRun(
    Guid Id,
    string Job,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    JobRunStatus Status,
    JsonElement? Summary,
    string? Error);

/// <summary>What the jobs did lately, newest first; for the admin pages.</summary>
public interface IJobRunHistory
{
    Task<IReadOnlyList<JobRun>> RecentAsync(string job, int count, CancellationToken ct);
}

/// <summary>The run history in PostgreSQL: a row when a run starts, completed when it ends, pruned past the retention.</summary>
public sealed class PostgresJobRunHistory(NpgsqlDataSource dataSource, IOptions<SchedulerOptions> options) : IJobRunHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<JobRun>> RecentAsync(string job, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var command = dataSource.CreateCommand("""
            SELECT id, job, started_at, finished_at, status, summary::text, error
            FROM platform.job_runs WHERE job = @job ORDER BY started_at DESC, id DESC LIMIT @count
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new JobRun(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                Enum.Parse<JobRunStatus>(reader.GetString(4), ignoreCase: true),
                reader.IsDBNull(5) ? null : JsonDocument.Parse(reader.GetString(5)).RootElement.Clone(),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return runs;
    }

    internal async Task StartedAsync(Guid runId, string job, DateTimeOffset startedAt, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO platform.job_runs (id, job, started_at, status) VALUES (@id, @job, @started_at, 'running')");
        command.Parameters.AddWithValue("id", runId);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("started_at", startedAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Completes the run's row (inserting it if the start was never recorded) and prunes the job's old runs.</summary>
    internal async Task FinishedAsync(
        Guid runId, string job, DateTimeOffset startedAt, DateTimeOffset finishedAt, JobRunStatus status,
        IDictionary<string, object?> summary, string? error, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        var record = new NpgsqlBatchCommand("""
            INSERT INTO platform.job_runs (id, job, started_at, finished_at, status, summary, error)
            VALUES (@id, @job, @started_at, @finished_at, @status, @summary, @error)
            ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, status = excluded.status,
                                           summary = excluded.summary, error = excluded.error
            """);
        record.Parameters.AddWithValue("id", runId);
        record.Parameters.AddWithValue("job", job);
        record.Parameters.AddWithValue("started_at", startedAt);
        record.Parameters.AddWithValue("finished_at", finishedAt);
        record.Parameters.AddWithValue("status", status.ToString().ToLowerInvariant());
        record.Parameters.Add(new NpgsqlParameter("summary", NpgsqlDbType.Jsonb)
        {
            Value = summary.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(summary, Json),
        });
        record.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        batch.BatchCommands.Add(record);

        var prune = new NpgsqlBatchCommand("DELETE FROM platform.job_runs WHERE job = @job AND started_at < @before");
        prune.Parameters.AddWithValue("job", job);
        prune.Parameters.AddWithValue("before", finishedAt - options.Value.HistoryRetention);
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(ct);
    }
}
