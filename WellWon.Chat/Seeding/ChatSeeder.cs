using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Seeding;

/// <summary>
/// Fills an existing conversation with many messages at once, for benchmarks and demo data: the conversation's sequence counter
/// is moved past them first (so messages posted meanwhile or afterwards continue the numbering), then the MessagePosted events
/// and their read-model rows are written with binary COPY, a batch per transaction (about 100,000 messages in a few seconds).
/// Batches keep each transaction short: every reader of the log waits for the oldest open transaction of the server.
/// What it writes is exactly what posting would have written (one "chat-message-{id}" stream per message, version 0); a
/// failure part-way leaves the batches before it, like so many posts.
/// </summary>
public static class ChatSeeder
{
    public const int DefaultBatchSize = 10_000;

    /// <summary>Appends <paramref name="count"/> messages by <paramref name="authors"/> (round robin) after the conversation's last one.</summary>
    /// <returns>The sequence of the last message written.</returns>
    public static Task<long> SeedAsync(NpgsqlDataSource db, Guid conversationId, IReadOnlyList<Guid> authors, int count, CancellationToken ct) =>
        SeedAsync(db, conversationId, authors, count, DefaultBatchSize, ct);

    /// <param name="batchSize">Messages per transaction.</param>
    public static async Task<long> SeedAsync(NpgsqlDataSource db, Guid conversationId, IReadOnlyList<Guid> authors, int count, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfZero(authors.Count);
        var postedType = ((EventTypeAttribute)Attribute.GetCustomAttribute(typeof(MessagePosted), typeof(EventTypeAttribute))!).Name;
        var metadata = JsonSerializer.Serialize(new { correlationId = Guid.CreateVersion7() }, EventTypeRegistry.JsonOptions);

        await using var connection = await db.OpenConnectionAsync(ct);
        long first;
        await using (var reserve = new NpgsqlCommand("""
            INSERT INTO chat.message_sequences AS s (conversation_id, last_sequence) VALUES ($1, $2)
            ON CONFLICT (conversation_id) DO UPDATE SET last_sequence = s.last_sequence + $2
            RETURNING last_sequence - $2 + 1
            """, connection))
        {
            reserve.Parameters.Add(new NpgsqlParameter { Value = conversationId });
            reserve.Parameters.Add(new NpgsqlParameter { Value = (long)count });
            first = (long)(await reserve.ExecuteScalarAsync(ct))!;
        }

        var start = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(count);
        for (var offset = 0; offset < count; offset += batchSize)
        {
            var messages = Enumerable.Range(offset, Math.Min(batchSize, count - offset)).Select(i => new MessagePosted(
                Guid.CreateVersion7(), conversationId, first + i, authors[i % authors.Count], $"Seeded message {first + i}: the container is at the port.", null, [], start.AddSeconds(i)))
                .ToList();
            await using var tx = await connection.BeginTransactionAsync(ct);
            await WriteBatchAsync(connection, messages, postedType, metadata, ct);
            await tx.CommitAsync(ct);
        }

        await using (var analyze = db.CreateCommand($"ANALYZE {MessageProjection.LiveTable}"))
        {
            // Fresh statistics, so the planner picks the keyset index for a table that just grew by orders of magnitude.
            await analyze.ExecuteNonQueryAsync(ct);
        }

        return first + count - 1;
    }

    private static async Task WriteBatchAsync(NpgsqlConnection connection, List<MessagePosted> messages, string postedType, string metadata, CancellationToken ct)
    {
        await using (var events = await connection.BeginBinaryImportAsync(
            "COPY event_store.events (stream_id, stream_version, event_id, event_type, data, metadata) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in messages)
            {
                await events.StartRowAsync(ct);
                await events.WriteAsync(StreamName.For<ChatMessage>(m.MessageId), NpgsqlDbType.Text, ct);
                await events.WriteAsync(0L, NpgsqlDbType.Bigint, ct);
                await events.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await events.WriteAsync(postedType, NpgsqlDbType.Text, ct);
                await events.WriteAsync(JsonSerializer.Serialize(m, EventTypeRegistry.JsonOptions), NpgsqlDbType.Jsonb, ct);
                await events.WriteAsync(metadata, NpgsqlDbType.Jsonb, ct);
            }

            await events.CompleteAsync(ct);
        }

        await using (var rows = await connection.BeginBinaryImportAsync(
            $"COPY {MessageProjection.LiveTable} (message_id, conversation_id, sequence, author_id, text, attachments, posted_at, version) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in messages)
            {
                await rows.StartRowAsync(ct);
                await rows.WriteAsync(m.MessageId, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(m.ConversationId, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(m.Sequence, NpgsqlDbType.Bigint, ct);
                await rows.WriteAsync(m.AuthorId, NpgsqlDbType.Uuid, ct);
                await rows.WriteAsync(m.Text, NpgsqlDbType.Text, ct);
                await rows.WriteAsync("[]", NpgsqlDbType.Jsonb, ct);
                await rows.WriteAsync(m.PostedAt, NpgsqlDbType.TimestampTz, ct);
                await rows.WriteAsync(0L, NpgsqlDbType.Bigint, ct);
            }

            await rows.CompleteAsync(ct);
        }
    }
}
