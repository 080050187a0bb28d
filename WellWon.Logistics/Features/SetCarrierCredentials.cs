using FluentValidation;
using Mediator;
using WellWon.Logistics.Carriers;
using WellWon.Logistics.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Logistics.Features;

/// <summary>The JSON body of <c>PUT /api/carriers/{id}/credentials</c>.</summary>
public sealed record SetCarrierCredentialsRequest(string? ApiKey = null);

/// <summary>
/// A manager stores the carrier's API key: sealed in <c>logistics.carrier_credentials</c>, never in the log (the event says only who
/// set it, and when) nor in any answer. <see cref="ToString"/> hides the key so no log of the command shows it.
/// </summary>
public sealed record SetCarrierCredentials(Guid CarrierId, Guid UserId, string? ApiKey) : ICommand, IRequireAuthenticatedUser
{
    public const int MaxLength = 2000;

    public override string ToString() => $"SetCarrierCredentials {{ CarrierId = {CarrierId}, UserId = {UserId}, ApiKey = *** }}";
}

public sealed class SetCarrierCredentialsValidator : AbstractValidator<SetCarrierCredentials>
{
    public SetCarrierCredentialsValidator() =>
        RuleFor(x => x.ApiKey).Must(k => !string.IsNullOrWhiteSpace(k) && k.Length <= SetCarrierCredentials.MaxLength && !k.Any(char.IsControl))
            .WithErrorCode(CarrierErrors.ApiKeyInvalid).WithMessage($"An API key has 1 to {SetCarrierCredentials.MaxLength} printable characters.");
}

public sealed class SetCarrierCredentialsHandler(CarrierWrites writes, CarrierCredentials credentials, TimeProvider clock) : ICommandHandler<SetCarrierCredentials>
{
    public async ValueTask<Unit> Handle(SetCarrierCredentials command, CancellationToken cancellationToken)
    {
        // The key is stored only once the caller proved they may, and the event follows the key: no "set" without a key behind it.
        await writes.ChangeAsync(command.CarrierId, command.UserId, carrier => carrier.CredentialsSet(command.UserId, clock.GetUtcNow()), cancellationToken,
            beforeSave: carrier => credentials.SetAsync(carrier.Id, command.ApiKey!.Trim(), cancellationToken));
        return Unit.Value;
    }
}
