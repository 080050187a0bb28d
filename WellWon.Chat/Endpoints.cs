using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Chat.ReadModel;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Chat;

/// <summary>Chat's HTTP API under <c>/api/chats</c>, for signed-in users; a conversation the caller is not in answers 404.</summary>
public static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var chats = app.MapGroup("/api/chats")
            .WithTags("Chat")
            .RequireAuthorization()
            .AddEndpointFilter<ChatProblemFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        chats.MapGet("/", ListAsync);
        chats.MapPost("/direct", StartDirectAsync).ProducesValidationProblem();
        chats.MapGet("/{id:guid}/messages", MessagesAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapGet("/{id:guid}/messages/{messageId:guid}", MessageAsync).ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapPost("/{id:guid}/messages", PostAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chats.MapPatch("/{id:guid}/messages/{messageId:guid}", EditAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chats.MapDelete("/{id:guid}/messages/{messageId:guid}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapPost("/{id:guid}/read", ReadAsync).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapGet("/{id:guid}/telegram", TelegramLinkAsync).ProducesProblem(StatusCodes.Status404NotFound);
        chats.MapPost("/{id:guid}/telegram", LinkTelegramAsync)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        chats.MapDelete("/{id:guid}/telegram", UnlinkTelegramAsync)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ChatSummary>>> ListAsync(ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new ListMyChats(UserIdOf(user)), ct));

    private static async Task<Results<Created<DirectChat>, Ok<DirectChat>>> StartDirectAsync(
        StartDirectChatRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var chat = await sender.Send(new StartDirectChat(UserIdOf(user), body.UserId), ct);
        return chat.Created ? TypedResults.Created($"/api/chats/{chat.Id}/messages", chat) : TypedResults.Ok(chat);
    }

    private static async Task<Ok<MessagePage>> MessagesAsync(
        Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct, long? before = null, long? after = null, int limit = GetMessages.DefaultLimit) =>
        TypedResults.Ok(await sender.Send(new GetMessages(id, UserIdOf(user), before, after, limit), ct));

    private static async Task<Ok<MessageView>> MessageAsync(Guid id, Guid messageId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetMessage(id, messageId, UserIdOf(user)), ct));

    private static async Task<Created<PostedMessage>> PostAsync(Guid id, PostMessageRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        var posted = await sender.Send(new PostMessage(id, UserIdOf(user), body.Text, body.ReplyTo, body.Attachments), ct);
        return TypedResults.Created($"/api/chats/{id}/messages/{posted.Id}", posted);
    }

    private static async Task<NoContent> EditAsync(Guid id, Guid messageId, EditMessageRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new EditMessage(id, messageId, UserIdOf(user), body.Text), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> DeleteAsync(Guid id, Guid messageId, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new DeleteMessage(id, messageId, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReadAsync(Guid id, MarkReadRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new MarkRead(id, UserIdOf(user), body.MessageId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TelegramLinkView>> TelegramLinkAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new GetTelegramLink(id, UserIdOf(user)), ct));

    private static async Task<Ok<TelegramLink>> LinkTelegramAsync(Guid id, LinkTelegramChatRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(new LinkTelegramChat(id, UserIdOf(user), body.TelegramChatId), ct));

    private static async Task<NoContent> UnlinkTelegramAsync(Guid id, ClaimsPrincipal user, ISender sender, CancellationToken ct)
    {
        await sender.Send(new UnlinkTelegramChat(id, UserIdOf(user)), ct);
        return TypedResults.NoContent();
    }

    // The bearer handler has checked the token; one without a usable subject is not signed in.
    private static Guid UserIdOf(ClaimsPrincipal user) => HttpCurrentUser.RequireUserId(user);
}

/// <summary>
/// Chat's answers that are not the platform's default: a member acting on something that is not theirs to change is 403, and a
/// Telegram group that already mirrors another conversation is 409.
/// </summary>
internal sealed class ChatProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ChatForbiddenException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
        catch (TelegramChatTakenException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                extensions: new Dictionary<string, object?> { ["code"] = e.Code });
        }
    }
}
