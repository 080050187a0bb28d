using System.Globalization;

namespace WellWon.Web.Api;

/// <summary>WellWon.Api's chat endpoints (<c>/api/chats</c>) for the signed-in user.</summary>
public sealed class ChatApi(HttpClient http)
{
    /// <summary>The Api's limit on a message's text (MessageRules.MaxTextLength); the composer shows it and stops there.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Messages per page when scrolling back; the Api allows up to 100.</summary>
    public const int PageSize = 50;

    public Task<ApiResult<IReadOnlyList<ChatSummary>>> ListAsync(CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<ChatSummary>>("/api/chats", ct);

    /// <summary>The newest page (<paramref name="before"/> null) or the page before a sequence, newest first.</summary>
    public Task<ApiResult<MessagePage>> OlderAsync(Guid chatId, long? before, CancellationToken ct) =>
        http.GetAsync<MessagePage>(before is { } b
            ? $"/api/chats/{chatId}/messages?before={b.ToString(CultureInfo.InvariantCulture)}&limit={PageSize}"
            : $"/api/chats/{chatId}/messages?limit={PageSize}", ct);

    /// <summary>Messages after a sequence, oldest first: what came since the newest one shown.</summary>
    public Task<ApiResult<MessagePage>> NewerAsync(Guid chatId, long after, CancellationToken ct) =>
        http.GetAsync<MessagePage>($"/api/chats/{chatId}/messages?after={after.ToString(CultureInfo.InvariantCulture)}&limit=100", ct);

    public Task<ApiResult<MessageView>> MessageAsync(Guid chatId, Guid messageId, CancellationToken ct) =>
        http.GetAsync<MessageView>($"/api/chats/{chatId}/messages/{messageId}", ct);

    public Task<ApiResult<PostedMessage>> PostAsync(Guid chatId, string text, Guid? replyTo, CancellationToken ct) =>
        http.SendJsonAsync<PostedMessage>(HttpMethod.Post, $"/api/chats/{chatId}/messages", new PostMessageRequest(text, replyTo), ct);

    public Task<ApiResult<NoContent>> EditAsync(Guid chatId, Guid messageId, string text, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Patch, $"/api/chats/{chatId}/messages/{messageId}", new EditMessageRequest(text), ct);

    public Task<ApiResult<NoContent>> DeleteAsync(Guid chatId, Guid messageId, CancellationToken ct) =>
        http.SendAsync<NoContent>(new HttpRequestMessage(HttpMethod.Delete, $"/api/chats/{chatId}/messages/{messageId}"), ct);

    public Task<ApiResult<NoContent>> MarkReadAsync(Guid chatId, Guid messageId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/chats/{chatId}/read", new MarkReadRequest(messageId), ct);
}

/// <summary>A conversation in the user's list; <see cref="UnreadCount"/> stops at 999.</summary>
public sealed record ChatSummary(
    Guid Id,
    string Kind,
    Guid? CompanyId,
    string? Title,
    Guid? PeerUserId,
    bool ReadOnly,
    long LastSequence,
    DateTimeOffset? LastMessageAt,
    string? LastMessagePreview,
    long LastReadSequence,
    int UnreadCount,
    DateTimeOffset StartedAt)
{
    public const int UnreadCap = 999;

    /// <summary>What the list and the conversation's header call it; a direct chat has no title of its own.</summary>
    public string DisplayTitle => !string.IsNullOrWhiteSpace(Title) ? Title! : Kind == "direct" ? "Direct conversation" : "Conversation";
}

/// <summary>A message; <see cref="Text"/> is null once deleted, and the message stays in its place as deleted.</summary>
public sealed record MessageView(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    Guid AuthorId,
    string? Text,
    Guid? ReplyTo,
    IReadOnlyList<DocumentReference> Attachments,
    DateTimeOffset PostedAt,
    DateTimeOffset? EditedAt,
    bool Deleted);

public sealed record DocumentReference(Guid DocumentId, string Name);

/// <summary>A page: with <c>before</c> the newest first, with <c>after</c> the oldest first; the Next cursor is null at the end.</summary>
public sealed record MessagePage(IReadOnlyList<MessageView> Items, long? NextBefore, long? NextAfter);

public sealed record PostedMessage(
    Guid Id,
    Guid ConversationId,
    long Sequence,
    Guid AuthorId,
    string Text,
    Guid? ReplyTo,
    IReadOnlyList<DocumentReference> Attachments,
    DateTimeOffset PostedAt)
{
    public MessageView ToView() => new(Id, ConversationId, Sequence, AuthorId, Text, ReplyTo, Attachments, PostedAt, null, false);
}

public sealed record PostMessageRequest(string Text, Guid? ReplyTo);

public sealed record EditMessageRequest(string Text);

public sealed record MarkReadRequest(Guid MessageId);
