extern alias ApiHost;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WellWon.Companies.Invitations;

namespace WellWon.Companies.Tests.Http;

/// <summary>A signed-in user as the tests play it: an id, the account's address, and a WellWon user type.</summary>
public sealed record TestUser(Guid Id, string Email, string UserType = "entrepreneur");

/// <summary>
/// The real WellWon.Api, as its Program composes it, over a database of its own on the test PostgreSQL (<c>WELLWON_TEST_PG</c>)
/// and the test Redis (<c>WELLWON_TEST_REDIS</c>): created before the host starts, dropped after it stops. Access tokens are
/// signed with the Api's own key and carry what Identity's do (<c>sub</c>, <c>email</c>, <c>user_type</c>); invitations sent
/// are kept for the tests to read.
/// </summary>
public class CompaniesApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private bool _created;

    public string DatabaseName { get; } = $"wellwon_companies_test_{Guid.NewGuid():N}";

    public RecordingInvitationSender Sent { get; } = new();

    /// <summary>Set to shorten invitations' lifetime (<c>Companies:InvitationLifetime</c>).</summary>
    protected virtual TimeSpan? InvitationLifetime => null;

    public async ValueTask InitializeAsync()
    {
        await TestInfrastructure.CreateDatabaseAsync(DatabaseName);
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_created)
        {
            await TestInfrastructure.DropDatabaseAsync(DatabaseName);
        }

        GC.SuppressFinalize(this);
    }

    public static TestUser NewUser(string userType = "entrepreneur") =>
        new(Guid.CreateVersion7(), $"user-{Guid.NewGuid():N}@example.com", userType);

    public HttpClient ClientFor(TestUser user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user));
        return client;
    }

    public string TokenFor(TestUser user) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["sub"] = user.Id.ToString(),
                ["email"] = user.Email,
                ["user_type"] = user.UserType,
                ["sid"] = Guid.NewGuid().ToString(),
            },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Creates a company owned by <paramref name="owner"/> and returns its id.</summary>
    public async Task<Guid> CreateCompanyAsync(TestUser owner, string name = "Tea Importers LLC", string country = "RU", string? taxId = "7707083893")
    {
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/companies", new { name, country, companyType = "importer", taxId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Invites <paramref name="invitee"/> as <paramref name="role"/> and returns the invitation's id and token.</summary>
    public async Task<(Guid Id, string Token)> InviteAsync(TestUser by, Guid companyId, TestUser invitee, string role)
    {
        using var client = ClientFor(by);
        var response = await client.PostAsJsonAsync($"/api/companies/{companyId}/invitations", new { email = invitee.Email, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("token").GetString()!);
    }

    /// <summary>Brings <paramref name="user"/> into the company as <paramref name="role"/> through an accepted invitation.</summary>
    public async Task JoinAsync(TestUser by, Guid companyId, TestUser user, string role)
    {
        var (id, token) = await InviteAsync(by, companyId, user, role);
        using var client = ClientFor(user);
        var response = await client.PostAsJsonAsync($"/api/companies/invitations/{id}/accept", new { token });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Host settings reach Program before it reads its configuration (connection strings are read at registration).
        builder.UseSetting("ConnectionStrings:wellwon-db", TestInfrastructure.ConnectionStringFor(DatabaseName));
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
        builder.UseSetting("Identity:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Identity:RateLimit:PermitPerMinute", "100000");
        builder.UseSetting("Jwt:SigningKey", _signingKey);
        // Integrity checks compare at once, and a save waits for its sync projections however loaded the machine is: no event
        // processor runs beside this Api to heal a read model.
        builder.UseSetting("Projections:SyncBudget", "00:01:00");
        builder.UseSetting("Projections:Rebuild:SettleTimeout", "00:00:00");
        if (InvitationLifetime is { } lifetime)
        {
            builder.UseSetting("Companies:InvitationLifetime", lifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.ConfigureServices(services => services.AddSingleton<IInvitationSender>(Sent));
    }
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
