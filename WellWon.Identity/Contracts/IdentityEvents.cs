using System.Text.Json;
using System.Text.Json.Serialization;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Contracts;

/// <summary>
/// One personal field sealed with its owner's key (AES-GCM). Only Identity can open it, and nobody once the account is erased,
/// so events may travel and be kept forever without holding personal data in clear.
/// </summary>
[JsonConverter(typeof(SealedJsonConverter))]
public readonly record struct Sealed(string Ciphertext)
{
    public override string ToString() => "[sealed]";
}

/// <summary>A sealed field is stored as its ciphertext string.</summary>
public sealed class SealedJsonConverter : JsonConverter<Sealed>
{
    // A state snapshot may hold a field that was never set; it round-trips as null.
    public override bool HandleNull => true;

    public override Sealed Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : new(reader.GetString() ?? string.Empty);

    public override void Write(Utf8JsonWriter writer, Sealed value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Ciphertext);
}

/// <summary>The four kinds of WellWon users; the value is also the <c>user_type</c> claim and an authorization role.</summary>
public static class UserTypes
{
    public const string Admin = "ww_admin";
    public const string Manager = "ww_manager";
    public const string Entrepreneur = "entrepreneur";
    public const string Investor = "investor";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Admin, Manager, Entrepreneur, Investor };

    public static bool IsValid(string? userType) => userType is not null && All.Contains(userType);
}

// The facts of the identity-user stream that other contexts may react to. Personal fields are sealed; credentials are not here.

/// <summary>A user account was opened. Personal fields are sealed with the user's key.</summary>
[EventType("identity.user-account-created.v1")]
public sealed record UserAccountCreated(
    Guid UserId,
    long UserNumber,
    string UserType,
    Guid EmailReservationId,
    Sealed Email,
    Sealed FirstName,
    Sealed LastName,
    Sealed? AvatarUrl,
    Sealed? Bio,
    Sealed? Phone,
    DateTimeOffset CreatedAt) : IDomainEvent;

[EventType("identity.email-verified.v1")]
public sealed record EmailVerified(Guid UserId, DateTimeOffset VerifiedAt) : IDomainEvent;

[EventType("identity.user-role-changed.v1")]
public sealed record UserRoleChanged(Guid UserId, string From, string To, Guid ChangedBy, DateTimeOffset ChangedAt) : IDomainEvent;

/// <summary>The account is gone and its key destroyed: every sealed field of this user now reads as erased, here and in every copy of the log.</summary>
[EventType("identity.user-account-deleted.v1")]
public sealed record UserAccountDeleted(Guid UserId, DateTimeOffset DeletedAt) : IDomainEvent;
