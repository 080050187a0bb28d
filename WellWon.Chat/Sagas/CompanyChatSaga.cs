using WellWon.Chat.Domain;
using WellWon.Chat.Features;
using WellWon.Companies.Contracts;
using WellWon.Platform.Sagas;

namespace WellWon.Chat.Sagas;

/// <summary>What the company chat saga knows of one company (its id is the saga's).</summary>
public sealed record CompanyChatSagaState(Guid CompanyId, Guid ConversationId, bool ChatCreated, IReadOnlyList<Guid> Members, bool ReadOnly);

/// <summary>
/// A company's chat follows the company: created with the owner when the company is, a member for each participant added,
/// removed with each participant removed, read-only while the company is suspended, and for good once it is archived (then the
/// saga is complete). Every step's
/// command is idempotent on its own (the chat's id follows from the company's; adding a present member or removing an absent
/// one changes nothing), so a step repeated after a crash has no second effect.
/// </summary>
public sealed class CompanyChatSaga : Saga<CompanyChatSagaState>
{
    public CompanyChatSaga()
    {
        On<CompanyCreated>(e => e.CompanyId, async (state, e, context, ct) =>
        {
            await context.SendAsync(new CreateCompanyChat(e.CompanyId, e.OwnerUserId, e.Name), ct);
            return Continue(state with { ChatCreated = true, Members = With(state.Members, e.OwnerUserId) });
        });

        On<ParticipantAdded>(e => e.CompanyId, async (state, e, context, ct) =>
        {
            EnsureCreated(state);
            await context.SendAsync(new AddChatMember(state.ConversationId, e.UserId), ct);
            return Continue(state with { Members = With(state.Members, e.UserId) });
        });

        On<ParticipantRemoved>(e => e.CompanyId, async (state, e, context, ct) =>
        {
            EnsureCreated(state);
            await context.SendAsync(new RemoveChatMember(state.ConversationId, e.UserId), ct);
            return Continue(state with { Members = [.. state.Members.Where(m => m != e.UserId)] });
        });

        On<CompanySuspended>(e => e.CompanyId, async (state, _, context, ct) =>
        {
            EnsureCreated(state);
            await context.SendAsync(new MakeChatReadOnly(state.ConversationId), ct);
            return Continue(state with { ReadOnly = true });
        });

        On<CompanyReactivated>(e => e.CompanyId, async (state, _, context, ct) =>
        {
            EnsureCreated(state);
            await context.SendAsync(new ReopenChat(state.ConversationId), ct);
            return Continue(state with { ReadOnly = false });
        });

        On<CompanyArchived>(e => e.CompanyId, async (state, _, context, ct) =>
        {
            EnsureCreated(state);
            await context.SendAsync(new MakeChatReadOnly(state.ConversationId), ct);
            return Complete(state with { ReadOnly = true });
        });
    }

    public override string Type => "chat.company-chat";

    protected override CompanyChatSagaState Start(Guid sagaId) => new(sagaId, ChatIds.CompanyChat(sagaId), ChatCreated: false, [], ReadOnly: false);

    private static IReadOnlyList<Guid> With(IReadOnlyList<Guid> members, Guid userId) => members.Contains(userId) ? members : [.. members, userId];

    // Events of one company arrive in order; a participant before its company means the company's own step has not succeeded.
    private static void EnsureCreated(CompanyChatSagaState state)
    {
        if (!state.ChatCreated)
        {
            throw new InvalidOperationException($"The chat of company {state.CompanyId} has not been created yet.");
        }
    }
}
