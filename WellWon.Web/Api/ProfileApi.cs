namespace WellWon.Web.Api;

/// <summary>The JSON body of <c>PATCH /api/auth/profile</c>: a null field stays, an empty string clears an optional one.</summary>
public sealed record UpdateProfileRequest(string? FirstName, string? LastName, string? AvatarUrl, string? Bio, string? Phone);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>The signed-in user's own account: <c>/api/auth/me</c>, profile and password.</summary>
public sealed class ProfileApi(HttpClient http)
{
    public Task<ApiResult<UserProfile>> GetAsync(CancellationToken ct) => http.GetAsync<UserProfile>("/api/auth/me", ct);

    public Task<ApiResult<NoContent>> UpdateAsync(UpdateProfileRequest request, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Patch, "/api/auth/profile", request, ct);

    public Task<ApiResult<NoContent>> ChangePasswordAsync(ChangePasswordRequest request, CancellationToken ct) =>
        http.SendJsonAsync<NoContent>(HttpMethod.Post, "/api/auth/change-password", request, ct);
}
