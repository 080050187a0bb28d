namespace WellWon.Platform.RealTime;

/// <summary>
/// Something a client may be showing has changed: which entity, which one, and its version after the change. The client then
/// re-queries or patches its state; the notification carries no data, so it never shows anyone more than a query would.
/// </summary>
/// <param name="Entity">The kind of thing, as the UI names it (<c>"shipment"</c>, <c>"user-profile"</c>).</param>
/// <param name="Id">Its id.</param>
/// <param name="Version">Its version after the change (a client holding that version or a later one ignores the notification).</param>
/// <param name="Scope">What part changed, when a client can use that to re-query less (<c>"milestones"</c>); null for "anything".</param>
public sealed record ChangeNotification(string Entity, string Id, long Version, string? Scope);

/// <summary>
/// What a client receives as <c>changed</c>: the change, the group it came through and its place in that group's sequence.
/// A client keeps the last <see cref="Sequence"/> it saw per group and, after reconnecting, asks for what came after it.
/// </summary>
public sealed record PushedChange(string Group, long Sequence, ChangeNotification Change);

/// <summary>
/// The answer to <c>GetMissed</c>: the changes after the client's sequence that are still kept, the group's latest sequence, and
/// whether that is everything (false when some were already dropped or expired: the client reloads what it shows instead).
/// </summary>
public sealed record MissedChanges(string Group, long Latest, bool Complete, IReadOnlyList<PushedChange> Changes);
