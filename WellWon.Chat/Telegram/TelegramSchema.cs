namespace WellWon.Chat.Telegram;

/// <summary>The bridge's own tables in the <c>chat</c> schema: the outbox of what goes to Telegram and the poller's offset.</summary>
public static class TelegramSchema
{
    public const string OutboxAndOffsets = """
        -- What WellWon has to tell Telegram: one row per (message, kind), so a replayed event adds nothing. Items of one Telegram
        -- chat go out in id order, one at a time (the oldest pending item is the chat's head); chats go in parallel.
        CREATE TABLE chat.telegram_outbox (
            id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            message_id          uuid        NOT NULL,
            kind                text        NOT NULL CHECK (kind IN ('send', 'edit', 'delete')),
            conversation_id     uuid        NOT NULL,
            telegram_chat_id    bigint      NOT NULL,
            author_id           uuid,
            text                text,
            -- The message stream version the item carries; a newer edit replaces an older one's text in place.
            version             bigint      NOT NULL,
            status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
            attempts            integer     NOT NULL DEFAULT 0,
            next_attempt_at     timestamptz NOT NULL DEFAULT now(),
            -- Set while a sender works on the item; an expired claim (its sender died) lets another take it.
            claimed_until       timestamptz,
            last_error          text,
            telegram_message_id bigint,
            created_at          timestamptz NOT NULL DEFAULT now(),
            sent_at             timestamptz,
            CONSTRAINT telegram_outbox_message_kind UNIQUE (message_id, kind)
        );
        CREATE INDEX telegram_outbox_pending ON chat.telegram_outbox (telegram_chat_id, id) WHERE status = 'pending';
        CREATE INDEX telegram_outbox_by_conversation ON chat.telegram_outbox (conversation_id, id);

        -- The next getUpdates offset per bot, moved forward after each update is handled.
        CREATE TABLE chat.telegram_poll_offsets (
            bot_id      bigint      PRIMARY KEY,
            next_offset bigint      NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now()
        );
        """;
}
