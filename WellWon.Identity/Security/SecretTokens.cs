using System.Security.Cryptography;
using System.Text;
using WellWon.Identity.Shredding;

namespace WellWon.Identity.Security;

/// <summary>
/// Opaque bearer secrets (refresh, verification and reset tokens): 256 random bits for the client, only their SHA-256 in the
/// database, so a copy of the tables cannot be replayed. A fast hash is enough for secrets this random.
/// </summary>
public static class SecretTokens
{
    public static string New() => PersonalDataCipher.Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
