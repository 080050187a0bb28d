using Mediator;
using WellWon.Customs.Domain;
using WellWon.Customs.Tariff;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>A member replaces the header of a draft or checked declaration (<c>PUT /api/customs/declarations/{id}/header</c>).</summary>
public sealed record UpdateDeclarationHeader(Guid DeclarationId, Guid UserId, HeaderInput Header) : ICommand, IRequireAuthenticatedUser;

public sealed class UpdateDeclarationHeaderHandler(DeclarationWrites writes, TariffReader tariff, TimeProvider clock) : ICommandHandler<UpdateDeclarationHeader>
{
    public async ValueTask<Unit> Handle(UpdateDeclarationHeader command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, async declaration =>
        {
            declaration.UpdateHeader(DeclarationInputs.Header(command.Header), command.UserId, clock.GetUtcNow());
            if (await tariff.FindProcedureAsync(declaration.State.Header.Procedure, cancellationToken) is null)
            {
                throw new CustomsRuleException("procedure", CustomsErrors.ProcedureUnknown, $"Customs procedure {declaration.State.Header.Procedure} is not one WellWon knows.");
            }

            return Unit.Value;
        }, cancellationToken);
}
