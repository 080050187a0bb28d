using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WellWon.Platform.Messaging.RedisStreams;

namespace WellWon.Platform.Tests.Messaging;

public sealed class RedisStreamsOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.Same(RedisStreamsOptions.SectionName, "Messaging:RedisStreams");
        Assert.Equal(8, Resolve([]).Partitions);
    }

    [Fact]
    public void Wrong_settings_fail_with_every_reason_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Messaging:RedisStreams:Partitions"] = "0",
            ["Messaging:RedisStreams:LeaseTime"] = "00:00:20",
            ["Messaging:RedisStreams:ClaimMinIdleTime"] = "00:00:10",
            ["Messaging:RedisStreams:RetryMaxDelay"] = "00:00:00.010",
        }));

        Assert.Contains(error.Failures, f => f.Contains("Partitions must be 1..1024", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ClaimMinIdleTime must be at least LeaseTime", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("RetryMaxDelay must be at least RetryBaseDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_maps_to_the_same_partition_in_every_process_and_version()
    {
        // Pinned values (FNV-1a of the UTF-8 bytes): a change of the hash would move keys between streams and reorder them on deploy.
        Assert.Equal(1, RedisStreamsTopology.PartitionOf("shipment-1", 8));
        Assert.Equal(5, RedisStreamsTopology.PartitionOf("Company-42", 16));
        Assert.Equal(6, RedisStreamsTopology.PartitionOf("logistics/shipment-0b9e", 8));
        Assert.Equal(0, RedisStreamsTopology.PartitionOf("anything", 1));
        var spread = Enumerable.Range(0, 1000).Select(i => RedisStreamsTopology.PartitionOf($"stream-{i}", 8)).GroupBy(p => p).ToList();
        Assert.Equal(8, spread.Count);
        Assert.All(spread, g => Assert.InRange(g.Count(), 90, 160));
    }

    private static RedisStreamsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddRedisStreamsTransport(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<RedisStreamsOptions>>().Value;
    }
}
