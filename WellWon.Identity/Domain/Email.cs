using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

/// <summary>An e-mail address, normalised (trimmed, lower-cased) so one mailbox is one account.</summary>
public sealed record Email
{
    public const int MaxLength = 254;

    private Email(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, [NotNullWhen(true)] out Email? email)
    {
        email = null;
        var value = input?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at is <= 0 or > 64 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return false;
        }

        var domain = value[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        // MailAddress also accepts display names ("Ann <a@b.c>"); only a bare address that survives as itself is one.
        if (!MailAddress.TryCreate(value, out var parsed) || !string.Equals(parsed.Address, value, StringComparison.Ordinal))
        {
            return false;
        }

        email = new Email(value);
        return true;
    }

    public static Email Parse(string? input) =>
        TryParse(input, out var email) ? email : throw new DomainException("identity.email-invalid", "That is not an e-mail address.");

    public override string ToString() => Value;
}
