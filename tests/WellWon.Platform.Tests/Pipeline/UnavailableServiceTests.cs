using StackExchange.Redis;
using WellWon.Platform.Http;

namespace WellWon.Platform.Tests.Pipeline;

/// <summary>Which failures tell a client "retry shortly" (503 with Retry-After) rather than "we broke" (500).</summary>
public sealed class UnavailableServiceTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    public void A_redis_that_is_starting_or_failing_over_is_unavailable_not_broken(string answer)
    {
        // Told apart by the kind the client parsed from the reply, or by the reply's first word when the kind is not known.
        var kind = answer.Split(' ')[0] switch { "LOADING" => RedisErrorKind.Loading, "MASTERDOWN" => RedisErrorKind.MasterDown, _ => RedisErrorKind.TryAgain };
        Assert.True(ProblemDetailsExceptionHandler.IsUnavailable(new RedisServerException(kind, CommandFlags.None, answer)));
        Assert.True(ProblemDetailsExceptionHandler.IsUnavailable(new RedisServerException(RedisErrorKind.Unknown, CommandFlags.None, answer)));
        Assert.True(ProblemDetailsExceptionHandler.IsUnavailable(
            new InvalidOperationException("the idempotency claim failed", new RedisServerException(kind, CommandFlags.None, answer))));
    }

    [Fact]
    public void A_refused_or_slow_redis_is_unavailable()
    {
        Assert.True(ProblemDetailsExceptionHandler.IsUnavailable(new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "refused", null, CommandStatus.Unknown)));
        Assert.True(ProblemDetailsExceptionHandler.IsUnavailable(new RedisTimeoutException(CommandFlags.None, "slow", CommandStatus.Sent)));
    }

    [Theory]
    [InlineData("ERR wrong number of arguments for 'set' command")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("NOSCRIPT No matching script")]
    public void A_redis_that_refuses_the_command_itself_is_a_server_error(string answer) =>
        Assert.False(ProblemDetailsExceptionHandler.IsUnavailable(new RedisServerException(answer.StartsWith("ERR", StringComparison.Ordinal) ? RedisErrorKind.UnknownError : RedisErrorKind.Unknown, CommandFlags.None, answer)));
}
