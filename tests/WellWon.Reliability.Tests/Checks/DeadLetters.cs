using StackExchange.Redis;
using WellWon.Reliability.Tests.Infrastructure;

namespace WellWon.Reliability.Tests.Checks;

public static class DeadLetters
{
    /// <summary>Entries in the topic's dead-letter stream: messages the consumers gave up on.</summary>
    public static async Task<long> CountAsync(Deployment deployment, string topic)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { deployment.Redis }, ConnectTimeout = 5000 });
        return await redis.GetDatabase().StreamLengthAsync($"{deployment.RedisPrefix}bus:{topic}.dead-letter");
    }
}
