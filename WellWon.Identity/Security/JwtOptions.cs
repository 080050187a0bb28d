using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace WellWon.Identity.Security;

/// <summary>Configuration <c>Jwt</c>: how access tokens are signed and checked, and how long sessions live.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary>HS256 key, at least 32 bytes of UTF-8 (the AppHost passes it as a secret parameter).</summary>
    public string SigningKey { get; set; } = string.Empty;

    public string Issuer { get; set; } = "wellwon";

    public string Audience { get; set; } = "wellwon-api";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public SymmetricSecurityKey SecurityKey() => new(Encoding.UTF8.GetBytes(SigningKey)) { KeyId = "wellwon-hs256" };
}

/// <summary>Fails start-up on a missing or short signing key, or nonsensical lifetimes.</summary>
public sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (Encoding.UTF8.GetByteCount(options.SigningKey ?? string.Empty) < 32)
        {
            failures.Add("Jwt:SigningKey must be at least 32 bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer) || string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add("Jwt:Issuer and Jwt:Audience must not be empty.");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.RefreshTokenLifetime <= options.AccessTokenLifetime)
        {
            failures.Add("Jwt:AccessTokenLifetime must be positive and shorter than Jwt:RefreshTokenLifetime.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
