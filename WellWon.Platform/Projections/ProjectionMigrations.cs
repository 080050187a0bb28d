using WellWon.Platform.Database;

namespace WellWon.Platform.Projections;

/// <summary><c>platform.projection_state</c>: each projection's applied position, status and rebuild progress.</summary>
public sealed class ProjectionMigrations : IMigrationSource
{
    public const string Module = "projections";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "create projection state", """
            CREATE SCHEMA IF NOT EXISTS platform;

            CREATE TABLE platform.projection_state (
                name                 text             PRIMARY KEY,
                -- Written by the event processor at start-up, so any process can compute lag and tell what can be rebuilt.
                event_types          text[]           NOT NULL DEFAULT '{}',
                rebuildable          boolean          NOT NULL DEFAULT false,
                -- The highest global position applied. Positions are not the log's order across streams, so this estimates lag;
                -- it is never a checkpoint (the bus's consumer group is).
                position             bigint           NOT NULL DEFAULT 0,
                updated_at           timestamptz      NOT NULL DEFAULT now(),
                status               text             NOT NULL DEFAULT 'live'
                                     CHECK (status IN ('live', 'rebuild-requested', 'rebuilding', 'failed')),
                rebuild_requested_at timestamptz,
                rebuild_started_at   timestamptz,
                rebuild_finished_at  timestamptz,
                rebuild_owner        text,
                rebuild_heartbeat_at timestamptz,
                rebuild_done         bigint           NOT NULL DEFAULT 0,
                rebuild_total        bigint           NOT NULL DEFAULT 0,
                rebuild_rate         double precision,
                rebuild_error        text
            );

            -- The newest event of a type in one index probe: how far ahead of a projection the log is, for its lag.
            CREATE INDEX IF NOT EXISTS events_type_position_idx ON event_store.events (event_type, global_position);
            """),
    ];
}
