using WellWon.Platform.Database;

namespace WellWon.Platform.Sagas;

/// <summary><c>platform.saga_state</c>: one row per saga instance.</summary>
public sealed class SagaMigrations : IMigrationSource
{
    public const string Module = "platform.sagas";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "create saga state", """
            CREATE SCHEMA IF NOT EXISTS platform;

            CREATE TABLE platform.saga_state (
                saga_type         text        NOT NULL,
                saga_id           uuid        NOT NULL,
                state             jsonb       NOT NULL,
                -- Raised by every completed step; a step records its result only if nobody else recorded one meanwhile.
                version           bigint      NOT NULL DEFAULT 0,
                status            text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
                -- Failed attempts of the current step (reset when a step succeeds); at the limit the saga is failed.
                attempts          integer     NOT NULL DEFAULT 0,
                last_error        text,
                -- The deadline of the step in flight: past it while still running, the step is overdue (its process died or hangs).
                next_timeout_at   timestamptz,
                step_event_id     uuid,
                step_event_type   text,
                -- Events whose step is done, written in the same statement as the state they produced: a redelivery is skipped.
                handled_event_ids uuid[]      NOT NULL DEFAULT '{}',
                created_at        timestamptz NOT NULL DEFAULT now(),
                updated_at        timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (saga_type, saga_id)
            );

            CREATE INDEX saga_state_status_idx ON platform.saga_state (status, updated_at DESC);
            """),
    ];
}
