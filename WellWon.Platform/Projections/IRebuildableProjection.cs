using WellWon.Platform.EventStore;

namespace WellWon.Platform.Projections;

/// <summary>
/// A projection whose read model is one PostgreSQL table, written so that it can target any table of that shape. That is all a
/// rebuild and an integrity check need: they create a fresh copy (<see cref="CreateTableAsync"/>), replay the log into it
/// (<see cref="ApplyAsync(RecordedEvent, ProjectionTable, CancellationToken)"/>), then swap it in or compare it with the live one.
/// The live path is the same method aimed at <see cref="Table"/>, so live and rebuilt rows cannot come from different code.
/// <para>Rules: name indexes and constraints after the table given (<see cref="ProjectionTable.Index"/>), give the table a primary
/// key (the integrity check compares rows by it), let nothing else (views, foreign keys) depend on it, and keep ApplyAsync
/// idempotent per row (a version or position guard), as every projection must be.</para>
/// </summary>
public interface IRebuildableProjection : IProjection
{
    /// <summary>The live table that queries read; a rebuild replaces it under the same name.</summary>
    ProjectionTable Table { get; }

    /// <summary>Creates an empty table of the read model's shape named <paramref name="table"/>, with its indexes (the schema exists).</summary>
    Task CreateTableAsync(ProjectionTable table, CancellationToken ct);

    /// <summary>Applies <paramref name="e"/> to <paramref name="table"/>: the live table, or a copy being rebuilt or checked.</summary>
    Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct);

    Task IProjection.ApplyAsync(RecordedEvent e, CancellationToken ct) => ApplyAsync(e, Table, ct);
}
