using Mediator;
using WellWon.Customs.Domain;
using WellWon.Platform.Mediator;

namespace WellWon.Customs.Features;

/// <summary>
/// The JSON body of <c>POST /api/customs/declarations/{id}/corrections</c> and <c>…/corrections/preview</c>: the whole content as
/// corrected, and why. A missing header or costs list keeps the declaration's own.
/// </summary>
public sealed record CorrectDeclarationRequest(HeaderInput? Header, IReadOnlyList<CorrectedItemInput>? Items, IReadOnlyList<CostInput>? Costs, string? Reason);

/// <summary>An item of a correction: its id when it was in the declaration already, none for a new one.</summary>
public sealed record CorrectedItemInput(Guid? Id, GoodsItemInput Item);

/// <summary>
/// A member corrects a registered or released declaration (КДТ), the one way it changes after registration: the correction and the
/// calculation of the corrected content (on the rates of the last calculation) are stored together, and the answer is the
/// correction as the history keeps it — what changed and the payments before and after.
/// </summary>
public sealed record CorrectDeclaration(Guid DeclarationId, Guid UserId, CorrectDeclarationRequest Correction) : ICommand<CorrectionRecord>, IRequireAuthenticatedUser;

/// <summary>The same correction worked out and answered without storing anything, so the user sees the differences before submitting.</summary>
public sealed record PreviewCorrection(Guid DeclarationId, Guid UserId, CorrectDeclarationRequest Correction) : IQuery<CorrectionRecord>, IRequireAuthenticatedUser;

public sealed class CorrectDeclarationHandler(DeclarationWrites writes, DeclarationPayments payments, TimeProvider clock)
    : ICommandHandler<CorrectDeclaration, CorrectionRecord>, IQueryHandler<PreviewCorrection, CorrectionRecord>
{
    public async ValueTask<CorrectionRecord> Handle(CorrectDeclaration command, CancellationToken cancellationToken) =>
        await writes.ChangeAsync(command.DeclarationId, command.UserId, d => CorrectAsync(d, command.UserId, command.Correction, cancellationToken), cancellationToken);

    public async ValueTask<CorrectionRecord> Handle(PreviewCorrection query, CancellationToken cancellationToken) =>
        await writes.PreviewAsync(query.DeclarationId, query.UserId, d => CorrectAsync(d, query.UserId, query.Correction, cancellationToken), cancellationToken);

    private async Task<CorrectionRecord> CorrectAsync(CustomsDeclaration declaration, Guid userId, CorrectDeclarationRequest c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var state = declaration.State;
        var previous = state.Calculation;
        declaration.Correct(
            c.Header is { } header ? DeclarationInputs.Header(header) : state.Header,
            [.. (c.Items ?? []).Select(i => DeclarationInputs.Item(i.Item, i.Id ?? Guid.CreateVersion7()))],
            c.Costs is { } costs ? DeclarationInputs.Costs(costs) : state.Costs,
            c.Reason ?? string.Empty,
            userId,
            now);
        var sheet = await payments.RecalculateAsync(declaration.State, previous, ct);
        declaration.RecordCalculation(sheet, userId, now);
        return declaration.State.CorrectionHistory[^1];
    }
}
