using WellWon.Platform.Database;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>The event store's tables in schema <c>event_store</c>.</summary>
public sealed class EventStoreMigrations : IMigrationSource
{
    public const string Module = "event_store";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "create events, snapshots and checkpoints", """
            CREATE SCHEMA IF NOT EXISTS event_store;

            CREATE TABLE event_store.events (
                global_position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                stream_id       text        NOT NULL,
                stream_version  bigint      NOT NULL CHECK (stream_version >= 0),
                event_id        uuid        NOT NULL,
                event_type      text        NOT NULL,
                data            jsonb       NOT NULL,
                metadata        jsonb       NOT NULL,
                recorded_at     timestamptz NOT NULL DEFAULT now(),
                -- The writing transaction: readers of the whole log order by (transaction_id, global_position).
                transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
                CONSTRAINT events_event_id_key UNIQUE (event_id),
                -- Optimistic concurrency: the loser of a race on a stream gets a unique violation, never a silent success.
                CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
            );

            CREATE INDEX events_transaction_position_idx ON event_store.events (transaction_id, global_position);

            CREATE TABLE event_store.snapshots (
                stream_id  text        PRIMARY KEY,
                version    bigint      NOT NULL,
                state_type text        NOT NULL,
                state      jsonb       NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );

            CREATE TABLE event_store.checkpoints (
                name           text        PRIMARY KEY,
                transaction_id xid8        NOT NULL,
                position       bigint      NOT NULL,
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            """),
    ];
}
