using FluentValidation;
using Mediator;
using Npgsql;
using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;

namespace WellWon.Chat.Features;

/// <summary>The JSON body of <c>POST /api/chats/{id}/messages</c>.</summary>
public sealed record PostMessageRequest(string? Text, Guid? ReplyTo, IReadOnlyList<DocumentReference>? Attachments);

/// <summary>The message as posted (the 201's body).</summary>
public sealed record PostedMessage(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    Guid AuthorId,
    string Text,
    Guid? ReplyTo,
    IReadOnlyList<DocumentReference> Attachments,
    DateTimeOffset PostedAt);

/// <summary>A member posts a message: text up to 4,000 characters, optionally a reply to a message of the same conversation and attachments.</summary>
public sealed record PostMessage(Guid ConversationId, Guid AuthorId, string? Text, Guid? ReplyTo, IReadOnlyList<DocumentReference>? Attachments)
    : ICommand<PostedMessage>, IRequireAuthenticatedUser;

public sealed class PostMessageValidator : AbstractValidator<PostMessage>
{
    public PostMessageValidator()
    {
        RuleFor(x => x.Text).MaximumLength(MessageRules.MaxTextLength);
        RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).When(x => x.Attachments is not { Count: > 0 })
            .WithMessage("A message needs text or an attachment.");
        RuleFor(x => x.Attachments).Must(a => a is null || a.Count <= MessageRules.MaxAttachments)
            .WithMessage($"A message holds at most {MessageRules.MaxAttachments} attachments.");
        RuleForEach(x => x.Attachments).ChildRules(a =>
        {
            a.RuleFor(x => x.DocumentId).NotEmpty();
            a.RuleFor(x => x.Name).NotEmpty().MaximumLength(MessageRules.MaxAttachmentNameLength);
        });
    }
}

public sealed class PostMessageHandler(IAggregateStore store, IMessageSequence sequence, RequestContext context, TimeProvider clock)
    : ICommandHandler<PostMessage, PostedMessage>
{
    public async ValueTask<PostedMessage> Handle(PostMessage command, CancellationToken cancellationToken)
    {
        var conversation = await store.TryLoadAsync<Conversation>(command.ConversationId, cancellationToken)
            ?? throw ChatNotFound.Conversation(command.ConversationId);
        conversation.EnsureMember(command.AuthorId);
        conversation.EnsureWritable();
        if (command.ReplyTo is { } replyTo)
        {
            var original = await store.TryLoadAsync<ChatMessage>(replyTo, cancellationToken);
            if (original is null || !original.BelongsTo(command.ConversationId))
            {
                throw new DomainException("chat.reply-to-unknown", $"Message {replyTo} is not in this conversation.");
            }
        }

        // Checked before a number is taken, so a refused message leaves no gap.
        MessageRules.EnsureText(command.Text, MessageRules.EnsureAttachments(command.Attachments).Count > 0);
        context.TenantId = conversation.State.CompanyId ?? context.TenantId;
        var number = await sequence.NextAsync(command.ConversationId, cancellationToken);
        var message = ChatMessage.Post(
            Guid.CreateVersion7(), command.ConversationId, number, command.AuthorId, command.Text, command.ReplyTo, command.Attachments, clock.GetUtcNow());
        await store.SaveAsync(message, cancellationToken);

        var s = message.State;
        return new PostedMessage(message.Id, s.ConversationId, s.Sequence, s.AuthorId, s.Text, s.ReplyTo, s.Attachments, s.PostedAt);
    }
}

/// <summary>
/// <see cref="IMessageSequence"/> on a counter row per conversation (<c>chat.message_sequences</c>): one statement, committed
/// at once, so posts to one conversation queue on that row only for the microseconds of the increment.
/// <para>Numbers are taken before the message is stored, so two posts racing can become visible in the other order for an
/// instant (5 readable after 6). Pages by <c>before</c> never mind; a client catching up with <c>after</c> may get 6 first and 5
/// through the push that follows its projection, so clients merge by sequence rather than append.</para>
/// </summary>
public sealed class MessageSequence(NpgsqlDataSource db) : IMessageSequence
{
    public async Task<long> NextAsync(Guid conversationId, CancellationToken ct)
    {
        await using var next = db.CreateCommand("""
            INSERT INTO chat.message_sequences AS s (conversation_id, last_sequence) VALUES ($1, 1)
            ON CONFLICT (conversation_id) DO UPDATE SET last_sequence = s.last_sequence + 1
            RETURNING last_sequence
            """);
        next.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        return (long)(await next.ExecuteScalarAsync(ct))!;
    }
}
