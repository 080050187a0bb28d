using Mediator;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>The JSON body of <c>POST …/register</c>: the number customs gave.</summary>
public sealed record RegisterDeclarationRequest(string? RegistrationNumber);

/// <summary>The JSON body of <c>POST …/reject</c> and <c>POST …/recall</c>.</summary>
public sealed record ReasonRequest(string? Reason);

/// <summary>What customs decided about a submitted declaration, as the declarant's broker learns it and records it.</summary>
public static class CustomsDecisions
{
    public const string Register = "register";
    public const string Release = "release";
    public const string Reject = "reject";
}

/// <summary>
/// A member records customs' decision (<c>POST /api/customs/declarations/{id}/register|release|reject</c>): registration under its
/// number, release of the goods, or a refusal with its reason. (A customs gateway in the data-sync role will send the same.)
/// </summary>
public sealed record RecordCustomsDecision(Guid DeclarationId, Guid UserId, string Decision, string? RegistrationNumber, string? Reason)
    : ICommand, IRequireAuthenticatedUser;

public sealed class RecordCustomsDecisionHandler(DeclarationWrites writes, TimeProvider clock) : ICommandHandler<RecordCustomsDecision>
{
    public async ValueTask<Unit> Handle(RecordCustomsDecision command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, declaration =>
        {
            var now = clock.GetUtcNow();
            switch (command.Decision)
            {
                case CustomsDecisions.Register:
                    declaration.Register(command.RegistrationNumber ?? string.Empty, now);
                    break;
                case CustomsDecisions.Release:
                    declaration.Release(now);
                    break;
                default:
                    declaration.Reject(command.Reason ?? string.Empty, now, command.UserId);
                    break;
            }

            return Unit.Value;
        }, cancellationToken);
}
