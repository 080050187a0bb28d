namespace WellWon.Web.Tests;

/// <summary>The real PostgreSQL and Redis that <c>./wellwon test</c> starts, named by environment variables.</summary>
public static class TestInfrastructure
{
    public static string Postgres => Require("WELLWON_TEST_PG");

    public static string Redis => Require("WELLWON_TEST_REDIS");

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. The Web's integration tests need the test PostgreSQL and Redis: run them with `./wellwon test`, which starts both and sets WELLWON_TEST_PG and WELLWON_TEST_REDIS.");
}
