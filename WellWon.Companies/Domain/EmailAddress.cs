using System.Net.Mail;

namespace WellWon.Companies.Domain;

/// <summary>An invitee's e-mail address, normalised (trimmed, lower-cased) the way Identity normalises account addresses, so they compare equal.</summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>The normalised address, or null when <paramref name="input"/> is not a bare e-mail address.</summary>
    public static string? Normalize(string? input)
    {
        var value = input?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return null;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at is <= 0 or > 64 || at != value.LastIndexOf('@') || at == value.Length - 1)
        {
            return null;
        }

        var domain = value[(at + 1)..];
        if (!domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        // MailAddress also accepts display names ("Ann <a@b.c>"); only a bare address that survives as itself is one.
        return MailAddress.TryCreate(value, out var parsed) && string.Equals(parsed.Address, value, StringComparison.Ordinal) ? value : null;
    }
}
