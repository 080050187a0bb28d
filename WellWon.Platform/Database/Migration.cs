namespace WellWon.Platform.Database;

/// <summary>
/// One versioned schema change of a module (a bounded context or the platform). Applied once, in its own transaction,
/// in version order within its module; an applied migration is never edited, a new version is added instead.
/// </summary>
/// <param name="Module">The owner, usually the name of its schema (<c>"event_store"</c>, <c>"identity"</c>).</param>
/// <param name="Version">Increasing within the module; gaps are allowed.</param>
/// <param name="Name">What the change does, in a few words (<c>"create events table"</c>).</param>
/// <param name="Sql">Statements run in one transaction (so no <c>CREATE INDEX CONCURRENTLY</c>).</param>
public sealed record Migration(string Module, int Version, string Name, string Sql);

/// <summary>The migrations one module contributes; every registered source is applied at start-up.</summary>
public interface IMigrationSource
{
    IEnumerable<Migration> Migrations { get; }
}
