using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.Http;

namespace WellWon.Chat.Telegram;

/// <summary>
/// Registers the Telegram bridge. Every process that handles updates or sends (the Api for the webhook, the data-sync role for
/// polling and the outbox) gets <see cref="AddTelegramBridge"/>; the data-sync role adds <see cref="AddTelegramBridgeWorker"/>.
/// The outbox's feeding projection comes with Chat's read model (<c>AddChatReadModel</c>), so the event processor runs it.
/// </summary>
public static class TelegramModule
{
    public static IServiceCollection AddTelegramBridge(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(TelegramBridgeStatus)))
        {
            return services;
        }

        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        // RemoveAllResilienceHandlers is marked experimental; it is the one way to undo the service defaults' handler for one client.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<TelegramBotApi>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // The sender and the poller keep their client for the life of the process, so connections are renewed here instead
            // of by the factory's handler rotation (which a long-lived typed client never sees): DNS changes are still picked up.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Retries belong to the outbox and the poller, where they are recorded; the default handler would also cut long polls short.
            .RemoveAllResilienceHandlers()
            // The request URI holds the bot token: the factory's request logging would print it.
            .RemoveAllLoggers();
#pragma warning restore EXTEXP0001
        // Likewise the HTTP client span's url.full; the bridge's own "telegram {method}" span stands for the call.
        services.Configure<HttpClientTraceInstrumentationOptions>(o =>
        {
            var previous = o.FilterHttpRequestMessage;
            o.FilterHttpRequestMessage = request => !TelegramTelemetry.IsTelegramRequest(request) && (previous?.Invoke(request) ?? true);
        });
        services.TryAddSingleton<TelegramUpdateHandler>();
        services.TryAddSingleton<TelegramOutbox>();
        services.AddSingleton<TelegramBridgeStatus>();
        services.AddHostedService(sp => sp.GetRequiredService<TelegramBridgeStatus>());
        return services;
    }

    /// <summary>The data-sync role's part: the outbox sender and, in polling mode, the poller. Names come from <see cref="IChatAuthorNames"/> if the host registered one.</summary>
    public static IServiceCollection AddTelegramBridgeWorker(this IServiceCollection services)
    {
        services.AddTelegramBridge();
        services.TryAddSingleton<IChatAuthorNames, NoChatAuthorNames>();
        services.TryAddSingleton<TelegramPollOffsets>();
        services.AddHostedService<TelegramOutboxSender>();
        services.AddHostedService<TelegramPoller>();
        return services;
    }
}

/// <summary>Says once, at start, whether this process bridges Telegram and how, or why not.</summary>
public sealed partial class TelegramBridgeStatus(IOptions<TelegramOptions> options, ILogger<TelegramBridgeStatus> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.OffBecause is { } reason)
        {
            LogOff(reason);
        }
        else
        {
            LogOn(settings.Mode.ToString().ToLowerInvariant(), settings.BotId, settings.BaseUrl.GetLeftPart(UriPartial.Authority));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram bridge is off: {Reason}")]
    private partial void LogOff(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram bridge is on: {Mode} mode, bot {BotId}, Bot API at {BaseUrl}")]
    private partial void LogOn(string mode, long botId, string baseUrl);
}
