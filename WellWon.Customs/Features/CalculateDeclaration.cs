using FluentValidation;
using Mediator;
using WellWon.Customs.Contracts;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>
/// The JSON body of <c>POST /api/customs/declarations/{id}/calculation</c>: the central bank's rates on the declaration date, roubles
/// per unit; without them (or with none) the rates stored from the central bank for that date are used.
/// </summary>
public sealed record CalculateDeclarationRequest(IReadOnlyDictionary<string, decimal>? Rates);

/// <summary>
/// A member calculates the payments of the declaration as it is, on its date: the tariff of each item's code and origin and the
/// fee bands are read from the seeded tables, the rates are the body's or else the central bank's stored for the date (fetched on
/// demand), the calculation runs, and its sheet is stored (<see cref="DeclarationCalculated"/>). A currency without a rate is 422.
/// </summary>
public sealed record CalculateDeclaration(Guid DeclarationId, Guid UserId, IReadOnlyDictionary<string, decimal> Rates) : ICommand<CalculationSheet>, IRequireAuthenticatedUser;

public sealed class CalculateDeclarationValidator : AbstractValidator<CalculateDeclaration>
{
    public CalculateDeclarationValidator() =>
        RuleForEach(x => x.Rates).Must(r => CurrencyCodes.All.Contains(r.Key) && r.Value > 0)
            .WithMessage("Each rate is an ISO 4217 code with the roubles one unit of it is worth (> 0).").OverridePropertyName("rates");
}

public sealed class CalculateDeclarationHandler(DeclarationWrites writes, DeclarationPayments payments, TimeProvider clock) : ICommandHandler<CalculateDeclaration, CalculationSheet>
{
    public async ValueTask<CalculationSheet> Handle(CalculateDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, async declaration =>
        {
            var sheet = await payments.CalculateAsync(declaration.State, command.Rates, cancellationToken);
            declaration.RecordCalculation(sheet, command.UserId, clock.GetUtcNow());
            return sheet;
        }, cancellationToken);
}
