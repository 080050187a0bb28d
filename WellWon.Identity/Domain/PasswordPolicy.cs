using WellWon.Platform.Kernel;

namespace WellWon.Identity.Domain;

/// <summary>What a new password must be: long enough, not absurdly long (hashing cost), and not the account's e-mail.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    /// <summary>The broken rule's code and message, or null when the password is acceptable.</summary>
    public static (string Code, string Message)? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return ("identity.password-too-short", $"A password has at least {MinLength} characters.");
        }

        if (password.Length > MaxLength)
        {
            return ("identity.password-too-long", $"A password has at most {MaxLength} characters.");
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return ("identity.password-is-email", "A password must not be the e-mail address.");
        }

        return null;
    }

    public static void Ensure(string password, Email email)
    {
        if (Check(password, email.Value) is { } broken)
        {
            throw new DomainException(broken.Code, broken.Message);
        }
    }
}
