using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Sagas;

namespace WellWon.Finance.Payments;

/// <summary>Nothing to remember: the order's stream is the state, and every step reads it.</summary>
public sealed record PaymentOrderSagaState(Guid Id);

/// <summary>
/// Runs a payment order: each fact of its stream (created, quoted, rate locked, debited, credited, sent, confirmed) makes
/// <see cref="PaymentProcess"/> take the next step, which records the next fact. A redelivered or late event finds the order past
/// its step and the step is answered by the keys and ids it used the first time, so at-least-once delivery pays once. The saga ends
/// with the order (completed, failed or cancelled).
/// </summary>
public sealed class PaymentOrderSaga : Saga<PaymentOrderSagaState>
{
    public PaymentOrderSaga()
    {
        On<PaymentOrderCreated>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderQuoted>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderRateLocked>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderDebited>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderCredited>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderSent>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderConfirmed>(e => e.PaymentOrderId, (s, e, c, ct) => AdvanceAsync(s, e.PaymentOrderId, c, ct));
        On<PaymentOrderCompleted>(e => e.PaymentOrderId, (s, _, _, _) => Task.FromResult(Complete(s)));
        On<PaymentOrderFailed>(e => e.PaymentOrderId, (s, _, _, _) => Task.FromResult(Complete(s)));
        On<PaymentOrderCancelled>(e => e.PaymentOrderId, (s, _, _, _) => Task.FromResult(Complete(s)));
    }

    public override string Type => "finance.payment-order";

    // A bank call may be retried with back-off inside a step; the step gets room for all of them.
    public override TimeSpan? StepTimeout => TimeSpan.FromMinutes(2);

    protected override PaymentOrderSagaState Start(Guid sagaId) => new(sagaId);

    private static async Task<SagaStepResult> AdvanceAsync(PaymentOrderSagaState state, Guid orderId, SagaContext context, CancellationToken ct)
    {
        await context.Services.GetRequiredService<PaymentProcess>().AdvanceAsync(orderId, ct);
        return Continue(state);
    }
}
