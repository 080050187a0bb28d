using WellWon.Identity.Contracts;

namespace WellWon.Identity.Domain;

/// <summary>Hashes and checks passwords (CPU only, no I/O), so the aggregate can enforce credential rules itself.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    bool Verify(string passwordHash, string password);
}

/// <summary>
/// Seals and opens one user's personal fields with that user's key, already loaded (CPU only).
/// After the key is destroyed <see cref="Open"/> returns null and <see cref="Seal"/> refuses.
/// </summary>
public interface IPersonalDataCipher
{
    Guid UserId { get; }

    bool IsErased { get; }

    Sealed Seal(string plain);

    string? Open(Sealed value);
}
