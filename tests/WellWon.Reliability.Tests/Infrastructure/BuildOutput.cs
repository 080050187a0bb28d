using System.Reflection;

namespace WellWon.Reliability.Tests.Infrastructure;

/// <summary>The hosts' dlls in this build's configuration, as the project file recorded them.</summary>
public static class BuildOutput
{
    public static string Api => Locate("WellWon.Api.dll");

    public static string Workers => Locate("WellWon.Workers.dll");

    private static string Locate(string name)
    {
        var path = typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: build the solution (or this test project) in the same configuration first.");
    }
}
