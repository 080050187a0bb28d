using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace WellWon.Identity.Mail;

/// <summary>Sends through the SMTP server configured at <c>Email:Smtp:Host</c>.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var smtp = options.Value;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        using var mail = new MailMessage(new MailAddress(smtp.From).Address, message.To, message.Subject, message.Body);
        mail.From = new MailAddress(smtp.From);
        await client.SendMailAsync(mail, ct);
    }
}
