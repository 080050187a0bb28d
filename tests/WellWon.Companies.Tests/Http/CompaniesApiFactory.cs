using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Companies.Invitations;
using WellWon.Tests;

namespace WellWon.Companies.Tests.Http;

/// <summary>A signed-in user as the tests play it: an id, the account's address, and a WellWon user type.</summary>
public sealed record TestUser(Guid Id, string Email, string UserType = "entrepreneur");

/// <summary>
/// The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>), as developers run it, signed in as
/// <see cref="TestUser"/>s; invitations sent are kept for the tests to read.
/// </summary>
public class CompaniesApiFactory() : ApiTestHost("companies")
{
    public string DatabaseName => Database;

    public RecordingInvitationSender Sent { get; } = new();

    /// <summary>Set to shorten invitations' lifetime (<c>Companies:InvitationLifetime</c>).</summary>
    protected virtual TimeSpan? InvitationLifetime => null;

    protected override string HostEnvironment => "Development";

    public static TestUser NewUser(string userType = "entrepreneur") =>
        new(Guid.CreateVersion7(), $"user-{Guid.NewGuid():N}@example.com", userType);

    public HttpClient ClientFor(TestUser user) => ClientWith(TokenFor(user));

    public string TokenFor(TestUser user) => SignToken(
        new Dictionary<string, object> { ["sub"] = user.Id.ToString(), ["email"] = user.Email, ["user_type"] = user.UserType, ["sid"] = Guid.NewGuid().ToString() },
        TimeSpan.FromMinutes(10));

    /// <summary>Creates a company owned by <paramref name="owner"/> and returns its id.</summary>
    public async Task<Guid> CreateCompanyAsync(TestUser owner, string name = "Tea Importers LLC", string country = "RU", string? taxId = "7707083893")
    {
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/companies", new { name, country, companyType = "importer", taxId }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    /// <summary>Invites <paramref name="invitee"/> as <paramref name="role"/> and returns the invitation's id and token.</summary>
    public async Task<(Guid Id, string Token)> InviteAsync(TestUser by, Guid companyId, TestUser invitee, string role)
    {
        using var client = ClientFor(by);
        var response = await client.PostAsJsonAsync($"/api/companies/{companyId}/invitations", new { email = invitee.Email, role }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (body.GetProperty("id").GetGuid(), body.GetProperty("token").GetString()!);
    }

    /// <summary>Brings <paramref name="user"/> into the company as <paramref name="role"/> through an accepted invitation.</summary>
    public async Task JoinAsync(TestUser by, Guid companyId, TestUser user, string role)
    {
        var (id, token) = await InviteAsync(by, companyId, user, role);
        using var client = ClientFor(user);
        var response = await client.PostAsJsonAsync($"/api/companies/invitations/{id}/accept", new { token }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => InvitationLifetime is { } lifetime
        ? [.. base.Settings(), CompareAtOnce, new("Companies:InvitationLifetime", lifetime.ToString("c", CultureInfo.InvariantCulture))]
        : [.. base.Settings(), CompareAtOnce];

    protected override void ConfigureHost(IWebHostBuilder builder) => builder.ConfigureServices(services => services.AddSingleton<IInvitationSender>(Sent));
}

/// <summary>The same Api with invitations that expire after two seconds.</summary>
public sealed class ShortInvitationsApiFactory : CompaniesApiFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    protected override TimeSpan? InvitationLifetime => Lifetime;
}

/// <summary>Keeps what would have been mailed to invitees.</summary>
public sealed class RecordingInvitationSender : IInvitationSender
{
    private readonly ConcurrentQueue<InvitationMessage> _messages = new();

    public IReadOnlyList<InvitationMessage> Messages => [.. _messages];

    public Task SendAsync(InvitationMessage message, CancellationToken ct)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Reading answers: problem details and their codes.</summary>
public static class Answers
{
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        return problem;
    }

    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
}
