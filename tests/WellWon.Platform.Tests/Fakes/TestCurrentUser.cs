using WellWon.Platform.Kernel;

namespace WellWon.Platform.Tests.Fakes;

/// <summary>A user set by the test; anonymous when <see cref="UserId"/> is null.</summary>
public sealed class TestCurrentUser : ICurrentUser
{
    public Guid? UserId { get; set; }

    public bool IsAuthenticated => UserId is not null;

    public string? UserType { get; set; }

    public HashSet<string> Roles { get; } = new(StringComparer.Ordinal);

    public bool IsInRole(string role) => IsAuthenticated && (Roles.Contains(role) || UserType == role);

    public static TestCurrentUser Anonymous() => new();

    public static TestCurrentUser SignedIn(string? userType = null, params string[] roles)
    {
        var user = new TestCurrentUser { UserId = Guid.NewGuid(), UserType = userType };
        user.Roles.UnionWith(roles);
        return user;
    }
}
