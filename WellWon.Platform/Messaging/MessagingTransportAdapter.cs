using Microsoft.Extensions.Hosting;

namespace WellWon.Platform.Messaging;

/// <summary>
/// A transport that lives in its own project (Kafka) and so cannot be named by <c>AddWellWonPlatform</c>, which it depends on: the host
/// passes it in, and <c>Messaging:Transport</c> still chooses among all of them by <see cref="Name"/>.
/// </summary>
public sealed record MessagingTransportAdapter(string Name, Action<IHostApplicationBuilder> Register) : Hosting.IPlatformAdapter;

public static class MessagingTransports
{
    /// <summary>The transport when <c>Messaging:Transport</c> is unset.</summary>
    public const string RedisStreams = "RedisStreams";

    public const string SettingName = "Messaging:Transport";
}
