using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using WellWon.Chat.Domain;
using WellWon.Chat.Telegram;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;

namespace WellWon.Chat.Features;

/// <summary>The JSON body of <c>POST /api/chats/{id}/telegram</c>: the group's id as Telegram gives it (negative; -100… for supergroups).</summary>
public sealed record LinkTelegramChatRequest(long? TelegramChatId);

/// <summary>The link as it stands after the call.</summary>
public sealed record TelegramLink(Guid ConversationId, long TelegramChatId);

/// <summary>
/// An owner or administrator of the company links its chat to a Telegram group the bot is in. A group mirrors at most one
/// conversation and a conversation one group; linking the same pair again changes nothing.
/// </summary>
public sealed record LinkTelegramChat(Guid ConversationId, Guid UserId, long? TelegramChatId) : ICommand<TelegramLink>, IRequireAuthenticatedUser;

public sealed class LinkTelegramChatValidator : AbstractValidator<LinkTelegramChat>
{
    public LinkTelegramChatValidator() =>
        RuleFor(x => x.TelegramChatId)
            .NotNull().WithMessage("Give the Telegram group's id ('telegramChatId').")
            .LessThan(0).WithMessage("A Telegram group's id is negative (-100… for a supergroup); a positive id is a person, not a group.");
}

public sealed class LinkTelegramChatHandler(
    IAggregateStore store, ICompanyAccess access, RequestContext context, IOptions<TelegramOptions> options, TimeProvider clock)
    : ICommandHandler<LinkTelegramChat, TelegramLink>
{
    private const int Attempts = 3;

    public async ValueTask<TelegramLink> Handle(LinkTelegramChat command, CancellationToken cancellationToken)
    {
        var telegramChatId = command.TelegramChatId!.Value;
        var conversation = await TelegramLinkAccess.AdministeredConversationAsync(store, access, command.ConversationId, command.UserId, cancellationToken);
        if (options.Value.OffBecause is { } off)
        {
            throw new DomainException("chat.telegram-bridge-off", $"The Telegram bridge is off on this WellWon ({off}).");
        }

        context.TenantId = conversation.State.CompanyId;
        // The conversation's own rules first (company chat, open, not linked elsewhere), so a refused link claims nothing.
        conversation.LinkTelegram(telegramChatId, command.UserId, clock.GetUtcNow());
        if (conversation.Changes.Count == 0)
        {
            return new TelegramLink(conversation.Id, telegramChatId);
        }

        var claimedAt = clock.GetUtcNow();
        await ClaimAsync(telegramChatId, conversation.Id, claimedAt, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            // Past half the claim's timeout another conversation may be about to take the group over; give up rather than race it.
            if (clock.GetUtcNow() - claimedAt > TelegramChatClaim.PendingTimeout / 2)
            {
                throw new TimeoutException("Linking took too long; try again.");
            }

            try
            {
                await store.SaveAsync(conversation, cancellationToken);
                return new TelegramLink(conversation.Id, telegramChatId);
            }
            catch (WrongExpectedVersionException) when (attempt < Attempts)
            {
                // A member joined or left meanwhile: the reload sees it, and the link's rules are checked again.
                conversation = await store.LoadAsync<Conversation>(command.ConversationId, cancellationToken);
                conversation.LinkTelegram(telegramChatId, command.UserId, clock.GetUtcNow());
                if (conversation.Changes.Count == 0)
                {
                    return new TelegramLink(conversation.Id, telegramChatId);
                }
            }
        }
    }

    private async Task ClaimAsync(long telegramChatId, Guid conversationId, DateTimeOffset now, CancellationToken ct)
    {
        var claim = await store.TryLoadAsync<TelegramChatClaim>(ChatIds.TelegramChatClaim(telegramChatId), ct) ?? TelegramChatClaim.For(telegramChatId);
        var holderLinked = claim.State.Holder is { } holder && holder != conversationId
            && await store.TryLoadAsync<Conversation>(holder, ct) is { } other && other.IsLinkedTo(telegramChatId);
        claim.Claim(telegramChatId, conversationId, now, holderLinked);
        try
        {
            await store.SaveAsync(claim, ct);
        }
        catch (WrongExpectedVersionException)
        {
            // Another conversation claimed the group at the same moment.
            throw new TelegramChatTakenException(telegramChatId);
        }
    }
}

/// <summary>Who may link or unlink a chat: an owner or administrator of its company (a non-participant is told it does not exist).</summary>
internal static class TelegramLinkAccess
{
    public static async Task<Conversation> AdministeredConversationAsync(
        IAggregateStore store, ICompanyAccess access, Guid conversationId, Guid userId, CancellationToken ct)
    {
        var conversation = await store.TryLoadAsync<Conversation>(conversationId, ct) ?? throw ChatNotFound.Conversation(conversationId);
        if (conversation.State.CompanyId is not { } companyId)
        {
            conversation.EnsureMember(userId);
            throw new DomainException("chat.telegram-company-only", "Only a company chat is linked to Telegram.");
        }

        var role = await access.RoleOfAsync(userId, companyId, ct) ?? throw ChatNotFound.Conversation(conversationId);
        return role >= CompanyRole.Admin
            ? conversation
            : throw new ChatForbiddenException("chat.telegram-admin-only", "Only an owner or administrator of the company links its chat to Telegram.");
    }
}
