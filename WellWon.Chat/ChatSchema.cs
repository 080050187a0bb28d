using WellWon.Chat.ReadModel;
using WellWon.Chat.Telegram;
using WellWon.Platform.Database;

namespace WellWon.Chat;

/// <summary>
/// The <c>chat</c> schema: the per-conversation message counters (write side) and the read model's live tables. The tables'
/// shapes come from their projections, which create the same shape under another name when they are rebuilt.
/// </summary>
public static class ChatSchema
{
    public const string Module = "chat";

    public const string Core = """
        CREATE SCHEMA IF NOT EXISTS chat;

        -- The last sequence number handed out per conversation; a message carries its number in its MessagePosted event.
        CREATE TABLE chat.message_sequences (
            conversation_id uuid   PRIMARY KEY,
            last_sequence   bigint NOT NULL
        );
        """;
}

/// <summary>The <c>chat</c> module's migrations, in order; an applied one is never edited, a new version is added instead.</summary>
public sealed class ChatMigrations : IMigrationSource
{
    public IEnumerable<Migration> Migrations { get; } =
    [
        new(ChatSchema.Module, 1, "create message sequences", ChatSchema.Core),
        new(ChatSchema.Module, 2, "create conversations", ConversationProjection.CreateSql(ConversationProjection.LiveTable)),
        new(ChatSchema.Module, 3, "create members", MemberProjection.CreateSql(MemberProjection.LiveTable)),
        new(ChatSchema.Module, 4, "create messages", MessageProjection.FirstCreateSql(MessageProjection.LiveTable)),
        new(ChatSchema.Module, 5, "add message origin", MessageProjection.AddOriginSql(MessageProjection.LiveTable)),
        new(ChatSchema.Module, 6, "create telegram links", TelegramLinkProjection.CreateSql(TelegramLinkProjection.LiveTable)),
        new(ChatSchema.Module, 7, "create telegram outbox and poll offsets", TelegramSchema.OutboxAndOffsets),
    ];
}
