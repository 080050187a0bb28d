using System.Reflection;

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

/// <summary>
/// Migrations kept as embedded <c>.sql</c> resources named <c>{version}_{name}.sql</c> (<c>0001_create_profiles.sql</c>),
/// for modules whose SQL reads better in files than in C# strings.
/// </summary>
public sealed class EmbeddedSqlMigrationSource(string module, Assembly assembly, string resourcePrefix) : IMigrationSource
{
    public IEnumerable<Migration> Migrations =>
        assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(resourcePrefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(Read);

    private Migration Read(string resource)
    {
        var fileName = resource[resourcePrefix.Length..^".sql".Length].TrimStart('.');
        var separator = fileName.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(fileName[..separator], System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration resource '{resource}' is not named '{{version}}_{{name}}.sql'.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(module, version, fileName[(separator + 1)..].Replace('_', ' '), reader.ReadToEnd());
    }
}
