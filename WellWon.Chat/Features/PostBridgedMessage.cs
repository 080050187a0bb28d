using Mediator;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>What became of a bridged message or edit. None of these is an error: the bridge acknowledges the update either way.</summary>
public enum BridgeOutcome
{
    /// <summary>A new message in the conversation.</summary>
    Posted,

    /// <summary>The bridged message's text changed.</summary>
    Edited,

    /// <summary>Seen before (the same Telegram message again, or the same text): nothing was added.</summary>
    Unchanged,

    /// <summary>No conversation is linked to that Telegram chat, or the edited message never came through the bridge.</summary>
    NotLinked,

    /// <summary>The conversation refused it (read-only, the message deleted, no text).</summary>
    Refused,
}

/// <summary>
/// A message written in a linked Telegram group, posted into its conversation (sent by the Telegram bridge, never by a client).
/// Idempotent by (Telegram chat, message id): the message's id follows from them, so a repeated update finds its stream.
/// </summary>
public sealed record PostBridgedMessage(MessageOrigin Origin, string? Text) : ICommand<BridgeOutcome>;

public sealed class PostBridgedMessageHandler(IAggregateStore store, IMessageSequence sequence, RequestContext context, TimeProvider clock)
    : ICommandHandler<PostBridgedMessage, BridgeOutcome>
{
    public async ValueTask<BridgeOutcome> Handle(PostBridgedMessage command, CancellationToken cancellationToken)
    {
        var origin = command.Origin;
        if (await BridgedConversation.FindAsync(store, origin, cancellationToken) is not { } conversation)
        {
            return BridgeOutcome.NotLinked;
        }

        if (conversation.State.ReadOnly || string.IsNullOrWhiteSpace(command.Text))
        {
            return BridgeOutcome.Refused;
        }

        var id = ChatIds.BridgedMessage(origin);
        if (await store.TryLoadAsync<ChatMessage>(id, cancellationToken) is not null)
        {
            return BridgeOutcome.Unchanged;
        }

        context.TenantId = conversation.State.CompanyId ?? context.TenantId;
        var number = await sequence.NextAsync(conversation.Id, cancellationToken);
        var message = ChatMessage.PostBridged(conversation, origin, number, command.Text, clock.GetUtcNow());
        try
        {
            await store.SaveAsync(message, cancellationToken);
            return BridgeOutcome.Posted;
        }
        catch (WrongExpectedVersionException)
        {
            // The same update handled at the same moment elsewhere (a webhook retry racing the first delivery): it is stored once.
            return BridgeOutcome.Unchanged;
        }
    }
}

/// <summary>An edit made in a linked Telegram group to a message that came through the bridge (sent by the bridge).</summary>
public sealed record EditBridgedMessage(MessageOrigin Origin, string? Text) : ICommand<BridgeOutcome>;

public sealed class EditBridgedMessageHandler(IAggregateStore store, RequestContext context, TimeProvider clock)
    : ICommandHandler<EditBridgedMessage, BridgeOutcome>
{
    public async ValueTask<BridgeOutcome> Handle(EditBridgedMessage command, CancellationToken cancellationToken)
    {
        var origin = command.Origin;
        var id = ChatIds.BridgedMessage(origin);
        if (await store.TryLoadAsync<ChatMessage>(id, cancellationToken) is not { } message
            || await BridgedConversation.FindAsync(store, origin, cancellationToken) is not { } conversation
            || !message.BelongsTo(conversation.Id))
        {
            return BridgeOutcome.NotLinked;
        }

        if (conversation.State.ReadOnly || message.State.Deleted || string.IsNullOrWhiteSpace(command.Text))
        {
            return BridgeOutcome.Refused;
        }

        context.TenantId = conversation.State.CompanyId ?? context.TenantId;
        var edited = await store.RetryOnConflictAsync<ChatMessage>(id, m => m.EditBridged(origin, command.Text, clock.GetUtcNow()), cancellationToken);
        return edited.OriginalVersion > message.OriginalVersion ? BridgeOutcome.Edited : BridgeOutcome.Unchanged;
    }
}

/// <summary>The conversation a Telegram chat is linked to, found through its claim; null when none is (or the claim's holder has unlinked).</summary>
internal static class BridgedConversation
{
    public static async Task<Conversation?> FindAsync(IAggregateStore store, MessageOrigin origin, CancellationToken ct)
    {
        if (origin.Source != MessageOrigin.Telegram
            || await store.TryLoadAsync<TelegramChatClaim>(ChatIds.TelegramChatClaim(origin.ChatId), ct) is not { State.Holder: { } holder })
        {
            return null;
        }

        var conversation = await store.TryLoadAsync<Conversation>(holder, ct);
        return conversation is not null && conversation.IsLinkedTo(origin.ChatId) ? conversation : null;
    }
}
