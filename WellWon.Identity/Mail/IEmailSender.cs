namespace WellWon.Identity.Mail;

public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends the e-mails Identity needs (verification, password reset).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>Configuration <c>Email:Smtp</c>; without a host, mail goes to the development mailbox instead.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "WellWon <no-reply@wellwon.local>";
}
