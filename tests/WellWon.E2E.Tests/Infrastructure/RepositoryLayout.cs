namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>Where the repository, the hosts' build output and the test results are, found from this test assembly's location.</summary>
public static class RepositoryLayout
{
    private const string TestProject = "tests/WellWon.E2E.Tests";

    /// <summary>The folder holding WellWon.sln above this test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary><c>test-results/e2e</c> under the repository root (git-ignored): screenshots, traces and the hosts' logs.</summary>
    public static string Results => Path.Combine(Root, "test-results", "e2e");

    /// <summary>
    /// A host's dll in the same configuration and framework as this test assembly (bin/Release/net10.0 when
    /// <c>./wellwon test</c> built the solution): the project references build it first.
    /// </summary>
    public static string HostDll(string project)
    {
        var output = Path.GetRelativePath(Path.Combine(Root, TestProject), AppContext.BaseDirectory);
        if (output.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(output))
        {
            throw new InvalidOperationException($"This test assembly runs from {AppContext.BaseDirectory}, outside {TestProject}: cannot tell where {project} was built.");
        }

        var dll = Path.GetFullPath(Path.Combine(Root, project, output, project + ".dll"));
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException(
                $"{dll} is missing: build the solution in the configuration of this test run first (`./wellwon test` builds Release; "
                + $"or `dotnet build {TestProject} -c Release`).");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WellWon.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No WellWon.sln above {AppContext.BaseDirectory}: run the end-to-end tests from their build output in the repository.");
    }
}
