using System.Diagnostics.CodeAnalysis;

namespace WellWon.Platform.Tenancy;

/// <summary>The names of <see cref="CompanyRole"/> as events, JSON and read models spell them (lower-case).</summary>
public static class CompanyRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Owner, Admin, Manager, Member, Viewer };

    public static bool IsValid([NotNullWhen(true)] string? name) => name is not null && All.Contains(name);

    public static bool TryParse([NotNullWhen(true)] string? name, out CompanyRole role)
    {
        (var known, role) = name switch
        {
            Owner => (true, CompanyRole.Owner),
            Admin => (true, CompanyRole.Admin),
            Manager => (true, CompanyRole.Manager),
            Member => (true, CompanyRole.Member),
            Viewer => (true, CompanyRole.Viewer),
            _ => (false, default),
        };
        return known;
    }

    public static CompanyRole Parse(string name) =>
        TryParse(name, out var role) ? role : throw new ArgumentException($"'{name}' is not a company role ({string.Join(", ", All)}).", nameof(name));

    public static string NameOf(CompanyRole role) => role switch
    {
        CompanyRole.Owner => Owner,
        CompanyRole.Admin => Admin,
        CompanyRole.Manager => Manager,
        CompanyRole.Member => Member,
        CompanyRole.Viewer => Viewer,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a company role."),
    };
}
