using WellWon.Identity.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Identity.Tests.Domain.DomainFixture;

namespace WellWon.Identity.Tests.Domain;

public sealed class EmailReservationTests
{
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    [Fact]
    public void A_free_address_is_reserved()
    {
        var reservation = EmailReservation.New(Guid.NewGuid());

        reservation.Reserve(Ann, Now, holderAccountExists: false);

        Assert.Equal(Ann, reservation.State.Holder);
        Assert.IsType<EmailReserved>(Assert.Single(reservation.Changes));
    }

    [Fact]
    public void An_address_held_by_an_account_is_taken()
    {
        var reservation = Held(Ann, Now);

        Assert.Throws<EmailTakenException>(() => reservation.Reserve(Bob, Now.AddDays(30), holderAccountExists: true));
    }

    [Fact]
    public void A_registration_in_flight_holds_the_address_until_the_timeout()
    {
        var reservation = Held(Ann, Now);

        Assert.Throws<EmailTakenException>(() => reservation.Reserve(Bob, Now + EmailReservation.PendingTimeout - TimeSpan.FromSeconds(1), holderAccountExists: false));
    }

    [Fact]
    public void A_reservation_whose_account_never_appeared_is_taken_over_after_the_timeout()
    {
        var reservation = Held(Ann, Now);

        reservation.Reserve(Bob, Now + EmailReservation.PendingTimeout, holderAccountExists: false);

        var reserved = Assert.IsType<EmailReserved>(Assert.Single(reservation.Changes));
        Assert.Equal(Ann, reserved.TakenOverFrom);
        Assert.Equal(Bob, reservation.State.Holder);
    }

    [Fact]
    public void Only_the_holder_releases_the_address()
    {
        var reservation = Held(Ann, Now);

        reservation.Release(Bob, Now);
        Assert.Empty(reservation.Changes);

        reservation.Release(Ann, Now);
        Assert.Null(reservation.State.Holder);
        reservation.Reserve(Bob, Now, holderAccountExists: false);
        Assert.Equal(Bob, reservation.State.Holder);
    }

    [Fact]
    public void Reserving_again_for_the_holder_changes_nothing()
    {
        var reservation = Held(Ann, Now);

        reservation.Reserve(Ann, Now, holderAccountExists: true);

        Assert.Empty(reservation.Changes);
    }

    private static EmailReservation Held(Guid holder, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        IAggregate reservation = new EmailReservation();
        reservation.Load(id, 0, [new EmailReserved(id, holder, at, null)]);
        return (EmailReservation)reservation;
    }
}
