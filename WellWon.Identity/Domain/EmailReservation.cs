using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

public sealed record EmailReservationState : AggregateState<EmailReservationState>
{
    /// <summary>The account the address belongs to, or null when it is free.</summary>
    public Guid? Holder { get; init; }

    public DateTimeOffset ReservedAt { get; init; }

    public EmailReservationState()
    {
        On<EmailReserved>((s, e) => s with { Holder = e.UserId, ReservedAt = e.ReservedAt });
        On<EmailReservationReleased>((s, e) => s.Holder == e.UserId ? s with { Holder = null } : s);
    }
}

/// <summary>
/// The write side's guarantee that one address is one account: a stream per address (named after a keyed hash of it, so the log
/// never holds the address), appended with optimistic concurrency before the account's own stream. Of two registrations racing
/// for one address, one append finds the stream already there and loses.
/// </summary>
[StreamCategory("identity-email")]
public sealed class EmailReservation : Aggregate<EmailReservationState>
{
    /// <summary>How long a reservation whose account never appeared (a crash between the two appends) blocks the address.</summary>
    public static readonly TimeSpan PendingTimeout = TimeSpan.FromMinutes(2);

    public static EmailReservation New(Guid id) => new() { Id = id };

    /// <param name="holderAccountExists">Whether the current holder's account stream exists; asked only when the address is held.</param>
    public void Reserve(Guid userId, DateTimeOffset now, bool holderAccountExists)
    {
        if (State.Holder is { } holder)
        {
            if (holder == userId)
            {
                return;
            }

            if (holderAccountExists || now - State.ReservedAt < PendingTimeout)
            {
                throw new EmailTakenException();
            }

            Apply(new EmailReserved(Id, userId, now, TakenOverFrom: holder));
            return;
        }

        Apply(new EmailReserved(Id, userId, now, TakenOverFrom: null));
    }

    /// <summary>Frees the address when <paramref name="userId"/> still holds it (an account deleted or a registration that failed).</summary>
    public void Release(Guid userId, DateTimeOffset now)
    {
        if (State.Holder == userId)
        {
            Apply(new EmailReservationReleased(Id, userId, now));
        }
    }
}
