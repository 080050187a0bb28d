using System.Text.RegularExpressions;

namespace WellWon.Platform.Projections;

/// <summary>
/// A read-model table, schema-qualified (<c>identity.user_profiles</c>). Both parts are plain lower-case identifiers, checked here,
/// so projections can write <c>$"INSERT INTO {table} …"</c> without quoting. Short enough that the rebuild's and the integrity
/// check's copies (<see cref="WithSuffix"/>) still fit PostgreSQL's 63-byte names.
/// </summary>
public sealed partial record ProjectionTable
{
    /// <summary>The longest suffix a copy of the table may get (the rebuild's <c>"__rb1a2b3c"</c>, the check's <c>"__chk1a2b3c"</c>).</summary>
    internal const int MaxSuffixLength = 14;

    private const int MaxIdentifierLength = 63;

    public ProjectionTable(string schema, string name)
        : this(schema, name, MaxIdentifierLength - MaxSuffixLength)
    {
    }

    private ProjectionTable(string schema, string name, int maxNameLength)
    {
        Validate(schema, nameof(schema), MaxIdentifierLength);
        Validate(name, nameof(name), maxNameLength);
        Schema = schema;
        Name = name;
    }

    public string Schema { get; }

    public string Name { get; }

    /// <summary>"identity.user_profiles" → (identity, user_profiles).</summary>
    public static ProjectionTable Parse(string qualifiedName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(qualifiedName);
        var dot = qualifiedName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            ? new ProjectionTable(qualifiedName[..dot], qualifiedName[(dot + 1)..])
            : throw new ArgumentException($"'{qualifiedName}' must be schema-qualified (schema.table).", nameof(qualifiedName));
    }

    /// <summary>A sibling table in the same schema (<c>user_profiles__rb1a2b3c</c>).</summary>
    public ProjectionTable WithSuffix(string suffix)
    {
        if (suffix.Length > MaxSuffixLength)
        {
            throw new ArgumentException($"A table suffix has at most {MaxSuffixLength} characters.", nameof(suffix));
        }

        return new ProjectionTable(Schema, Name + suffix, MaxIdentifierLength);
    }

    /// <summary>An index or constraint name derived from the table's (<c>user_profiles_by_company</c>); the swap renames them with the table.</summary>
    public string Index(string suffix) => $"{Name}_{suffix}";

    /// <summary>Quoted, for SQL that must also accept reserved words (<c>"identity"."user"</c>).</summary>
    public string Quoted => $"\"{Schema}\".\"{Name}\"";

    public override string ToString() => $"{Schema}.{Name}";

    private static void Validate(string identifier, string what, int maxLength)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Length > maxLength || !Identifier().IsMatch(identifier))
        {
            throw new ArgumentException(
                $"The table {what} '{identifier}' must be 1..{maxLength} lower-case letters, digits or '_', starting with a letter or '_'.", what);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
