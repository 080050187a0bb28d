using Microsoft.Extensions.Options;

namespace WellWon.Identity.Mail;

/// <summary>The texts of Identity's e-mails; each carries its one-time token both as a link and as a code.</summary>
public sealed class IdentityMails(IEmailSender sender, IOptions<IdentityOptions> options)
{
    public Task SendVerificationAsync(string to, string token, CancellationToken ct) =>
        sender.SendAsync(
            new EmailMessage(
                to,
                "Confirm your WellWon e-mail address",
                $"""
                Welcome to WellWon.

                Confirm your e-mail address by opening {Link("verify-email", token)}
                or by entering this code: {token}

                The code is valid for {options.Value.VerificationTokenLifetime.TotalHours:0} hours.
                """),
            ct);

    public Task SendPasswordResetAsync(string to, string token, CancellationToken ct) =>
        sender.SendAsync(
            new EmailMessage(
                to,
                "Reset your WellWon password",
                $"""
                Someone asked to reset the password of your WellWon account.

                Choose a new password at {Link("reset-password", token)}
                or with this code: {token}

                The code is valid for {options.Value.ResetTokenLifetime.TotalMinutes:0} minutes. If you did not ask, ignore this e-mail.
                """),
            ct);

    private string Link(string page, string token) => $"{options.Value.WebBaseUrl.TrimEnd('/')}/{page}?token={Uri.EscapeDataString(token)}";
}
