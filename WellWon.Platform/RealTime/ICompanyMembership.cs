namespace WellWon.Platform.RealTime;

/// <summary>
/// Whether a user may follow a company's changes. The Companies context answers it from its participants; until it is
/// registered, <see cref="NoCompanyMembership"/> denies everyone, so a missing module fails closed.
/// </summary>
public interface ICompanyMembership
{
    ValueTask<bool> IsParticipantAsync(Guid userId, Guid companyId, CancellationToken ct);
}

/// <summary>The default answer when no context knows companies yet: nobody is a participant of anything.</summary>
public sealed class NoCompanyMembership : ICompanyMembership
{
    public ValueTask<bool> IsParticipantAsync(Guid userId, Guid companyId, CancellationToken ct) => ValueTask.FromResult(false);
}
