using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// Where the executables keep their data: <c>Infra:DataRoot</c> when set, else <c>&lt;checkout&gt;/.wellwon</c>,
/// else (run as root in a checkout the postgres user cannot reach, which initdb needs) <c>/var/lib/wellwon/&lt;hash of the checkout path&gt;</c>.
/// </summary>
internal static class DataRoot
{
    public static string Resolve(IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration["Infra:DataRoot"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var checkout = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        if (Environment.UserName != "root" || OthersCanTraverse(checkout))
        {
            return Path.Combine(checkout, ".wellwon");
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(checkout)))[..12];
        return Path.Combine("/var/lib/wellwon", key);
    }

    // The scripts run PostgreSQL as the postgres user, which needs search permission on every directory above its data.
    private static bool OthersCanTraverse(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (!File.GetUnixFileMode(dir.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }
}
