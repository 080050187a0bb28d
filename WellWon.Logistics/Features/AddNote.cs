using FluentValidation;
using Mediator;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>POST /api/shipments/{id}/notes</c>.</summary>
public sealed record AddNoteRequest(string? Text = null);

public sealed record AddedNote(Guid Id);

/// <summary>A member adds a note; notes are taken whatever the status, closed shipments included.</summary>
public sealed record AddNote(Guid ShipmentId, Guid UserId, string? Text) : ICommand<AddedNote>, IRequireAuthenticatedUser;

public sealed class AddNoteValidator : AbstractValidator<AddNote>
{
    public AddNoteValidator() =>
        RuleFor(x => x.Text).Must(t => !string.IsNullOrWhiteSpace(t)).WithErrorCode(ShipmentErrors.TextInvalid).WithMessage("A note has text.")
            .MaximumLength(ShipmentRules.NoteMaxLength);
}

public sealed class AddNoteHandler(ShipmentWrites writes, TimeProvider clock) : ICommandHandler<AddNote, AddedNote>
{
    public async ValueTask<AddedNote> Handle(AddNote command, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        await writes.ChangeAsync(command.ShipmentId, command.UserId, RuleFields.FromItem, shipment =>
        {
            shipment.AddNote(id, command.Text!.Trim(), command.UserId, clock.GetUtcNow());
            return id;
        }, cancellationToken);
        return new AddedNote(id);
    }
}
