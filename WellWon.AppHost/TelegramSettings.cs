using Microsoft.Extensions.Configuration;

namespace WellWon.AppHost;

/// <summary>
/// The Telegram bridge's optional settings, read from the AppHost's own configuration (<c>./wellwon up</c> passes the environment
/// through, so <c>Telegram__BotToken=… ./wellwon up</c> works): <c>Telegram:BotToken</c> (becomes a secret parameter, and only when
/// given), <c>Telegram:Mode</c> (off | polling | webhook; off without a token, polling with one unless set),
/// <c>Telegram:WebhookSecret</c> (a secret parameter, for webhook mode) and <c>Telegram:BaseUrl</c>. With none of them WellWon runs
/// with the bridge off and asks for nothing.
/// </summary>
internal sealed class TelegramSettings
{
    private readonly string _mode;
    private readonly string? _baseUrl;
    private readonly IResourceBuilder<ParameterResource>? _token;
    private readonly IResourceBuilder<ParameterResource>? _webhookSecret;

    private TelegramSettings(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration.GetSection("Telegram");
        var token = config["BotToken"];
        var secret = config["WebhookSecret"];
        _mode = config["Mode"] is { Length: > 0 } mode ? mode : string.IsNullOrWhiteSpace(token) ? "off" : "polling";
        _baseUrl = config["BaseUrl"] is { Length: > 0 } url ? url : null;
        _token = string.IsNullOrWhiteSpace(token) ? null : builder.AddParameter("telegram-bot-token", token, secret: true);
        _webhookSecret = string.IsNullOrWhiteSpace(secret) ? null : builder.AddParameter("telegram-webhook-secret", secret, secret: true);
    }

    public static TelegramSettings From(IDistributedApplicationBuilder builder) => new(builder);

    /// <summary>Gives a service the bridge's settings (the Api takes the webhook, the data-sync worker polls and sends).</summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> project)
    {
        project.WithEnvironment("Telegram__Mode", _mode);
        if (_token is not null)
        {
            project.WithEnvironment("Telegram__BotToken", _token);
        }

        if (_webhookSecret is not null)
        {
            project.WithEnvironment("Telegram__WebhookSecret", _webhookSecret);
        }

        if (_baseUrl is not null)
        {
            project.WithEnvironment("Telegram__BaseUrl", _baseUrl);
        }

        return project;
    }
}
