using WellWon.Platform.EventStore;
using WellWon.Platform.RealTime;

namespace WellWon.Platform.Projections;

/// <summary>
/// A projection whose read model clients may be showing. After it applied an event without failing, the event processor pushes
/// what <see cref="ChangesFor"/> returns through <see cref="IChangeNotifier"/>, inside the projection's span, so the push continues
/// the trace of the request that wrote the event.
/// <para>Delivery is at least once, like the events themselves: a redelivered event (a crash before the acknowledgement, a retry
/// after another projection failed) is pushed again, and the push happens whether or not this run changed the row, because the
/// Api's sync run has usually written it already. Clients compare <see cref="ChangeNotification.Version"/> with what they hold and
/// ignore what is not newer. A push that fails fails the delivery, so the transport retries it (the projection, being idempotent,
/// changes nothing the second time). Rebuilds and integrity checks replay without pushing.</para>
/// </summary>
public interface INotifyingProjection : IProjection
{
    /// <summary>The notifications <paramref name="e"/> causes, computed from the event alone (no I/O); empty for none.</summary>
    IEnumerable<(ChangeAudience Audience, ChangeNotification Change)> ChangesFor(RecordedEvent e);
}
