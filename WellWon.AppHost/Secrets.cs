using Aspire.Hosting.ApplicationModel;

namespace WellWon.AppHost;

/// <summary>Defaults for secret parameters that nobody supplied: generated once, then kept in the AppHost's user secrets.</summary>
internal static class Secrets
{
    // Letters and digits only, so a value needs no quoting in a connection string, SQL or a shell.
    public static GenerateParameterDefault Generated(int length) => new() { MinLength = length, Special = false };
}
