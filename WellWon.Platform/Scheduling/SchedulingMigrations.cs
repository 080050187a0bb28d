using WellWon.Platform.Database;

namespace WellWon.Platform.Scheduling;

/// <summary>The scheduler's run history, <c>platform.job_runs</c>.</summary>
public sealed class SchedulingMigrations : IMigrationSource
{
    public const string Module = "platform.scheduling";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "create job runs", """
            CREATE SCHEMA IF NOT EXISTS platform;

            CREATE TABLE platform.job_runs (
                id          uuid        PRIMARY KEY,
                job         text        NOT NULL,
                started_at  timestamptz NOT NULL,
                finished_at timestamptz,
                -- 'running' until the run ends; a row left 'running' is a run whose process died.
                status      text        NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'skipped')),
                summary     jsonb,
                error       text
            );

            CREATE INDEX job_runs_job_started_idx ON platform.job_runs (job, started_at DESC);
            """),
    ];
}
