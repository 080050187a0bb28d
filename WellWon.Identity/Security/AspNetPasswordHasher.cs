using Microsoft.AspNetCore.Identity;
using WellWon.Identity.Domain;

namespace WellWon.Identity.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 password hasher (format v3, salted, iterated) behind the domain's port.</summary>
public sealed class AspNetPasswordHasher(PasswordHasher<UserAccount> hasher) : IPasswordHasher
{
    // The hasher never reads the user; one shared instance stands in for it.
    private static readonly UserAccount Anyone = new();

    public AspNetPasswordHasher()
        : this(new PasswordHasher<UserAccount>())
    {
    }

    public string Hash(string password) => hasher.HashPassword(Anyone, password);

    public bool Verify(string passwordHash, string password) =>
        hasher.VerifyHashedPassword(Anyone, passwordHash, password) is not PasswordVerificationResult.Failed;
}
