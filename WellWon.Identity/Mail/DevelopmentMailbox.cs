using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WellWon.Identity.Mail;

/// <summary>A message the development mailbox caught.</summary>
public sealed record MailboxMessage(string To, string Subject, string Body, DateTimeOffset SentAt);

/// <summary>
/// Where mail goes when no SMTP server is configured: logged, and kept in memory (the latest 500) for
/// <c>GET /api/dev/mailbox</c>, which only a Development host maps.
/// </summary>
public sealed partial class DevelopmentMailbox(TimeProvider clock, ILogger<DevelopmentMailbox> logger) : IEmailSender
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<MailboxMessage> _messages = new();

    public Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        _messages.Enqueue(new MailboxMessage(message.To, message.Subject, message.Body, clock.GetUtcNow()));
        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
        }

        LogCaught(message.To, message.Subject, message.Body);
        return Task.CompletedTask;
    }

    /// <summary>Newest first, optionally only those to one address.</summary>
    public IReadOnlyList<MailboxMessage> Read(string? to) =>
        [.. _messages.Reverse().Where(m => to is null || string.Equals(m.To, to.Trim(), StringComparison.OrdinalIgnoreCase))];

    [LoggerMessage(Level = LogLevel.Information, Message = "No SMTP server configured; mail to {To} kept in the development mailbox: {Subject}\n{Body}")]
    private partial void LogCaught(string to, string subject, string body);
}
