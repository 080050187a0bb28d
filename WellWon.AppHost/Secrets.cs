using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Publishing;

namespace WellWon.AppHost;

/// <summary>Defaults for secret parameters that nobody supplied: generated once, then kept in the AppHost's user secrets.</summary>
internal static class Secrets
{
    // Letters and digits only, so a value needs no quoting in a connection string, SQL or a shell.
    public static GenerateParameterDefault Generated(int length) => new() { MinLength = length, Special = false };

    /// <summary>Base64 of <paramref name="bytes"/> random bytes: the shape of a raw encryption key (Identity's master key).</summary>
    public static ParameterDefault GeneratedKey(int bytes) => new RandomKeyDefault(bytes);

    private sealed class RandomKeyDefault(int bytes) : ParameterDefault
    {
        public override string GetDefaultValue() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));

        public override void WriteToManifest(ManifestPublishingContext context) =>
            // A deployment supplies its own key; the manifest only says one is needed.
            context.Writer.WriteString("value", "{value}");
    }
}
