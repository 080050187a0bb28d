namespace WellWon.Web.Api;

public sealed record CompanyAddress(string? Line1, string? Line2, string? City, string? PostalCode, string? Region, string Country);

/// <summary>One line of "my companies": the company and the signed-in user's role in it.</summary>
public sealed record MyCompany(Guid Id, string Name, string Country, string CompanyType, string Status, string Role, DateTimeOffset? JoinedAt);

public sealed record CompanyDetails(
    Guid Id,
    string Name,
    string Country,
    string CompanyType,
    string? TaxId,
    CompanyAddress? Address,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? MyRole);

public sealed record Participant(Guid UserId, string Role, DateTimeOffset? JoinedAt);

public sealed record Invitation(
    Guid Id,
    string Email,
    string Role,
    string Status,
    Guid? InvitedBy,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RespondedAt,
    Guid? RespondedBy);

public sealed record CreateCompanyRequest(string Name, string Country, string CompanyType, string? TaxId = null);

public sealed record CreatedCompany(Guid Id);

/// <summary>The JSON body of <c>PATCH /api/companies/{id}</c>: a null field stays as it is.</summary>
public sealed record UpdateCompanyRequest(string? Name = null, string? TaxId = null);

public sealed record InviteRequest(string Email, string Role);

/// <summary>A new invitation; its token is shown this once (it is also sent to the invitee).</summary>
public sealed record IssuedInvitation(Guid Id, string Token, DateTimeOffset ExpiresAt);

public sealed record AcceptedInvitation(Guid CompanyId, string Role);

/// <summary>Companies' endpoints, <c>/api/companies/*</c>, as the signed-in user.</summary>
public sealed class CompaniesApi(HttpClient http)
{
    public Task<ApiResult<IReadOnlyList<MyCompany>>> ListMineAsync(CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<MyCompany>>("/api/companies", ct);

    public Task<ApiResult<CreatedCompany>> CreateAsync(CreateCompanyRequest request, CancellationToken ct) =>
        http.SendJsonAsync<CreatedCompany>(HttpMethod.Post, "/api/companies", request, ct);

    public Task<ApiResult<CompanyDetails>> GetAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<CompanyDetails>($"/api/companies/{id}", ct);

    public Task<ApiResult<NoContent>> UpdateAsync(Guid id, UpdateCompanyRequest request, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Patch, $"/api/companies/{id}", request, ct);

    public Task<ApiResult<IReadOnlyList<Participant>>> ListParticipantsAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<Participant>>($"/api/companies/{id}/participants", ct);

    public Task<ApiResult<NoContent>> ChangeRoleAsync(Guid id, Guid userId, string role, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Put, $"/api/companies/{id}/participants/{userId}/role", new { role }, ct);

    public Task<ApiResult<NoContent>> RemoveParticipantAsync(Guid id, Guid userId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"/api/companies/{id}/participants/{userId}", null, ct);

    public Task<ApiResult<IssuedInvitation>> InviteAsync(Guid id, InviteRequest request, CancellationToken ct) =>
        http.SendJsonAsync<IssuedInvitation>(HttpMethod.Post, $"/api/companies/{id}/invitations", request, ct);

    public Task<ApiResult<IReadOnlyList<Invitation>>> ListInvitationsAsync(Guid id, CancellationToken ct) =>
        http.GetAsync<IReadOnlyList<Invitation>>($"/api/companies/{id}/invitations", ct);

    public Task<ApiResult<NoContent>> RevokeInvitationAsync(Guid id, Guid invitationId, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Delete, $"/api/companies/{id}/invitations/{invitationId}", null, ct);

    public Task<ApiResult<AcceptedInvitation>> AcceptInvitationAsync(Guid invitationId, string token, CancellationToken ct) =>
        http.SendJsonAsync<AcceptedInvitation>(HttpMethod.Post, $"/api/companies/invitations/{invitationId}/accept", new { token }, ct);

    public Task<ApiResult<NoContent>> DeclineInvitationAsync(Guid invitationId, string token, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, $"/api/companies/invitations/{invitationId}/decline", new { token }, ct);
}

/// <summary>What a company role may do in the UI (the Api decides for real; this only hides what would be refused).</summary>
public static class CompanyRoles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Manager = "manager";
    public const string Member = "member";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Manager, Member, Viewer];

    /// <summary>Edit the company, invite, change roles, remove participants, see and revoke invitations.</summary>
    public static bool CanAdminister(string? role) => role is Owner or Admin;
}

public static class CompanyTypes
{
    public static readonly IReadOnlyList<(string Value, string Label)> All =
    [
        ("importer", "Importer"), ("forwarder", "Forwarder"), ("customs_broker", "Customs broker"), ("supplier", "Supplier"), ("investor", "Investor"),
    ];

    public static string LabelOf(string value) => All.FirstOrDefault(t => t.Value == value).Label ?? value;
}
