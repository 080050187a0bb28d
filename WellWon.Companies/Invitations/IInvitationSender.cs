using Microsoft.Extensions.Logging;

namespace WellWon.Companies.Invitations;

/// <summary>What an invitee is sent: which company, as what, and the token that accepts or declines.</summary>
public sealed record InvitationMessage(
    string To,
    Guid CompanyId,
    string CompanyName,
    string Role,
    Guid InvitationId,
    string Token,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Delivers an invitation to the invitee. Companies knows no mail server: the host plugs in a sender (over Identity's mail,
/// say); the default logs the message.
/// </summary>
public interface IInvitationSender
{
    Task SendAsync(InvitationMessage message, CancellationToken ct);
}

/// <summary>The default sender: the invitation, token included, goes to the log (the inviter also got the token in the answer).</summary>
public sealed partial class LoggingInvitationSender(ILogger<LoggingInvitationSender> logger) : IInvitationSender
{
    public Task SendAsync(InvitationMessage message, CancellationToken ct)
    {
        LogInvitation(message.To, message.CompanyName, message.Role, message.InvitationId, message.Token, message.ExpiresAt);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "No invitation sender configured; invitation {InvitationId} to {To} to join {CompanyName} as {Role}, token {Token}, expires {ExpiresAt:O}")]
    private partial void LogInvitation(string to, string companyName, string role, Guid invitationId, string token, DateTimeOffset expiresAt);
}
