using System.Globalization;
using Microsoft.Extensions.Options;

namespace WellWon.Chat.Telegram;

/// <summary>How updates reach WellWon: not at all, by long polling (data-sync) or by Telegram calling the Api's webhook.</summary>
public enum TelegramMode
{
    Off,
    Polling,
    Webhook,
}

/// <summary>
/// The Telegram bridge's settings, section <c>Telegram</c>. The bridge is on when <see cref="Mode"/> is polling or webhook and
/// <see cref="BotToken"/> is set; otherwise it is off, and each process says so once at start.
/// </summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The Bot API's address; a test points it at a fake server.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.telegram.org");

    /// <summary>The bot's token from @BotFather ("123456:ABC…"), a secret: it never appears in logs, traces or errors.</summary>
    public string? BotToken { get; set; }

    public TelegramMode Mode { get; set; } = TelegramMode.Off;

    /// <summary>What Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> (the <c>secret_token</c> given to setWebhook); required in webhook mode.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long one getUpdates call waits on Telegram's side for updates (long polling).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The Redis key of the poller's lease: Telegram allows one getUpdates caller per bot, so one data-sync instance polls.</summary>
    public string PollerLockKey { get; set; } = "wellwon:telegram:poller";

    /// <summary>How long any other Bot API call may take before it counts as a network failure.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the outbox sender looks for due items when the last look found none.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many chats' items the sender works on at once.</summary>
    public int OutboxBatchSize { get; set; } = 16;

    /// <summary>How long a claimed outbox item is reserved to its sender; a sender that died mid-send gives it up after this.</summary>
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Back-off after a network failure or a 5xx: this doubled per attempt, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The reason the bridge is off, or null when it is on.</summary>
    public string? OffBecause =>
        Mode == TelegramMode.Off ? "Telegram:Mode is off"
        : string.IsNullOrWhiteSpace(BotToken) ? $"Telegram:Mode is {Mode.ToString().ToLowerInvariant()} but Telegram:BotToken is empty"
        : null;

    public bool Enabled => OffBecause is null;

    /// <summary>The bot's own user id: the part of the token before the colon (not secret; Telegram shows it as the bot's id).</summary>
    public long BotId =>
        BotToken is { } token && token.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
        && long.TryParse(token.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
}

internal sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        List<string> failures = [];
        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"Telegram:BaseUrl must be an absolute http(s) URL (was '{options.BaseUrl}').");
        }

        if (options.Enabled && options.BotId == 0)
        {
            failures.Add("Telegram:BotToken does not look like a bot token (\"<bot id>:<secret>\" from @BotFather).");
        }

        if (options.Enabled && options.Mode == TelegramMode.Webhook
            && (string.IsNullOrEmpty(options.WebhookSecret) || options.WebhookSecret.Length > 256
                || !options.WebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            failures.Add("Telegram:WebhookSecret is required in webhook mode: 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's secret_token).");
        }

        if (options.PollTimeout < TimeSpan.Zero || options.PollTimeout > TimeSpan.FromSeconds(50))
        {
            failures.Add("Telegram:PollTimeout must be between 0 and 50 seconds.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.OutboxPollInterval <= TimeSpan.Zero || options.OutboxClaimLease <= options.RequestTimeout
            || options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay || options.OutboxBatchSize <= 0)
        {
            failures.Add("Telegram: RequestTimeout, OutboxPollInterval, RetryBaseDelay and OutboxBatchSize must be positive, OutboxClaimLease longer than RequestTimeout, RetryMaxDelay at least RetryBaseDelay.");
        }

        if (string.IsNullOrWhiteSpace(options.PollerLockKey))
        {
            failures.Add("Telegram:PollerLockKey must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
