using Microsoft.Extensions.DependencyInjection;
using WellWon.Customs.Contracts;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Payables;

/// <summary>Nothing to remember: every step folds the declaration's stream and posts what the ledger lacks.</summary>
public sealed record CustomsPayableSagaState(Guid Id);

/// <summary>
/// Turns a registered declaration's payments into a payable to customs in the company's ledger: on registration, on every
/// calculation after it (a correction stores one) and on a withdrawal, the declaration's stream is folded and the steps the ledger
/// has not booked are posted. A repeated, late or shuffled event finds every step booked and posts nothing.
/// </summary>
public sealed class CustomsPayableSaga : Saga<CustomsPayableSagaState>
{
    public CustomsPayableSaga()
    {
        On<DeclarationRegistered>(e => e.DeclarationId, (s, e, c, ct) => PostAsync(s, e.DeclarationId, c, ct));
        On<DeclarationCalculated>(e => e.DeclarationId, (s, e, c, ct) => PostAsync(s, e.DeclarationId, c, ct));
        On<DeclarationRecalled>(e => e.DeclarationId, (s, e, c, ct) => PostAsync(s, e.DeclarationId, c, ct));
        On<DeclarationRejected>(e => e.DeclarationId, (s, e, c, ct) => PostAsync(s, e.DeclarationId, c, ct));
    }

    public override string Type => "finance.customs-payable";

    protected override CustomsPayableSagaState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> PostAsync(CustomsPayableSagaState state, Guid declarationId, SagaContext context, CancellationToken ct)
    {
        var facts = await CustomsDeclarationFacts.FoldAsync(
            context.Services.GetRequiredService<Platform.EventStore.IEventStore>(), context.Services.GetRequiredService<EventTypeRegistry>(), declarationId, null, ct);
        if (facts is not { Registered: true })
        {
            return Continue(state);
        }

        context.Services.GetRequiredService<RequestContext>().TenantId = facts.CompanyId;
        await context.Services.GetRequiredService<CustomsPayablePosting>().PostAsync(facts, ct);
        return Continue(state);
    }
}
