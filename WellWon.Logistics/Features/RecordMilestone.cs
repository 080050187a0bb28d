using FluentValidation;
using Mediator;
using WellWon.Logistics.Contracts;
using WellWon.Logistics.Domain;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/shipments/{id}/milestones</c>; <c>at</c> defaults to now.</summary>
public sealed record RecordMilestoneRequest(
    string? Kind = null,
    DateTimeOffset? At = null,
    string? Location = null,
    Guid? LegId = null,
    string? Reason = null,
    string? CarrierEventId = null);

/// <param name="Duplicate">The same report (reporter and event id) was recorded before; <see cref="Id"/> is that milestone.</param>
public sealed record RecordedMilestone(Guid Id, bool Duplicate, string Status);

/// <summary>
/// A milestone is reported: by a participant (<see cref="MilestoneSource.UserId"/>, member or above, through the Api) or by a carrier
/// (<see cref="MilestoneSource.Carrier"/>, sent by WellWon's own tracking jobs, which no user authorises). A departed or arrived
/// milestone sets the leg's ATD or ATA. <see cref="CarrierEventId"/> makes a feed's retries harmless: the reporter's event id is
/// recorded once.
/// </summary>
public sealed record RecordMilestone(
    Guid ShipmentId,
    MilestoneSource Source,
    string? Kind,
    DateTimeOffset? At,
    string? Location,
    Guid? LegId,
    string? Reason,
    string? CarrierEventId) : ICommand<RecordedMilestone>
{
    public const int MaxCarrierEventIdLength = 200;

    public static RecordMilestone ByUser(Guid shipmentId, Guid userId, RecordMilestoneRequest r) =>
        new(shipmentId, MilestoneSource.User(userId), r.Kind, r.At, r.Location, r.LegId, r.Reason, r.CarrierEventId);
}

public sealed class RecordMilestoneValidator : AbstractValidator<RecordMilestone>
{
    public RecordMilestoneValidator()
    {
        RuleFor(x => x.Kind).Must(k => MilestoneKinds.All.Contains(k ?? string.Empty) && k != MilestoneKinds.Booked)
            .WithErrorCode(ShipmentErrors.MilestoneKindInvalid)
            .WithMessage($"'kind' is one of: {string.Join(", ", MilestoneKinds.All.Where(k => k != MilestoneKinds.Booked).Order())} (a shipment is booked by booking it).");
        RuleFor(x => x.Location).Must(l => UnLocode.IsValid(UnLocode.Normalize(l))).When(x => !string.IsNullOrWhiteSpace(x.Location))
            .WithErrorCode(ShipmentErrors.UnLocodeInvalid).WithMessage("'location' is a UN/LOCODE (CNSHA, RULED).");
        RuleFor(x => x.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).When(x => x.Kind == MilestoneKinds.Exception)
            .WithErrorCode(ShipmentErrors.ReasonRequired).WithMessage("An exception says what went wrong.");
        RuleFor(x => x.Reason).MaximumLength(ShipmentRules.ReasonMaxLength);
        RuleFor(x => x.CarrierEventId).MaximumLength(RecordMilestone.MaxCarrierEventIdLength);
        RuleFor(x => x.Source).Must(s => s.UserId is { } user ? user != Guid.Empty && s.Carrier is null : !string.IsNullOrWhiteSpace(s.Carrier) && s.Carrier.Length <= ShipmentRules.CarrierMaxLength)
            .WithMessage("A milestone is reported by a user or by a named carrier.");
    }
}

public sealed class RecordMilestoneHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<RecordMilestone, RecordedMilestone>
{
    public async ValueTask<RecordedMilestone> Handle(RecordMilestone command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var milestone = new Milestone(
            Guid.CreateVersion7(),
            command.Kind!,
            command.At ?? now,
            string.IsNullOrWhiteSpace(command.Location) ? null : UnLocode.Normalize(command.Location),
            command.LegId,
            ShipmentRules.Clean(command.Reason),
            command.Source.UserId is null ? command.Source with { Carrier = command.Source.Carrier!.Trim() } : command.Source,
            ShipmentRules.Clean(command.CarrierEventId));
        var outcome = await writes.ChangeAsync(
            command.ShipmentId, command.Source.UserId, RuleFields.FromItem, shipment => shipment.RecordMilestone(milestone, now), cancellationToken);
        return new RecordedMilestone(outcome.MilestoneId, outcome.Duplicate, outcome.Status);
    }
}
