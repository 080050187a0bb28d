namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>The shared PostgreSQL and Redis that <c>./wellwon test</c> starts, named by environment variables.</summary>
public static class TestServers
{
    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. The end-to-end tests need the PostgreSQL and Redis that `./wellwon test` starts: run `./wellwon test`.");
}
