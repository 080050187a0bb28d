extern alias ApiHost;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using WellWon.Identity.Features;
using WellWon.Platform.Http;

namespace WellWon.Identity.Tests.Http;

/// <summary>
/// The real WellWon.Api over a database of its own on the test PostgreSQL (<c>WELLWON_TEST_PG</c>) and the test Redis
/// (<c>WELLWON_TEST_REDIS</c>); the database is created before the host starts and dropped after it stops, so test classes
/// run in parallel and leave nothing behind.
/// </summary>
public class IdentityApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@wellwon.test";
    public const string AdminPassword = "admin password 123";

    private readonly bool _ownsDatabase;

    public IdentityApiFactory()
        : this($"wellwon_identity_test_{Guid.NewGuid():N}", null, null, ownsDatabase: true)
    {
    }

    protected IdentityApiFactory(string databaseName, string? masterKey, string? signingKey, bool ownsDatabase)
    {
        _ownsDatabase = ownsDatabase;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = DatabaseName }.ConnectionString;
        MasterKey = masterKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        SigningKey = signingKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    }

    public string DatabaseName { get; }

    public string ConnectionString { get; }

    /// <summary>The key access tokens are signed with, so tests can forge the tokens the API must refuse.</summary>
    public string SigningKey { get; }

    public string MasterKey { get; }

    protected virtual int PermitPerMinute => 100_000;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("WELLWON_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "WELLWON_TEST_PG is not set. The Identity HTTP tests need the test PostgreSQL and Redis: run them with `./wellwon test`, which starts both and sets WELLWON_TEST_PG and WELLWON_TEST_REDIS.");

    public static string RedisConnectionString =>
        Environment.GetEnvironmentVariable("WELLWON_TEST_REDIS") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "WELLWON_TEST_REDIS is not set. The Identity HTTP tests need the test PostgreSQL and Redis: run them with `./wellwon test`, which starts both and sets WELLWON_TEST_PG and WELLWON_TEST_REDIS.");

    public async ValueTask InitializeAsync()
    {
        if (!_ownsDatabase)
        {
            return;
        }

        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDatabase)
        {
            GC.SuppressFinalize(this);
            return;
        }

        await DropAsync(DatabaseName);
        GC.SuppressFinalize(this);
    }

    public static async Task CreateAsync(string databaseName)
    {
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public static async Task DropAsync(string databaseName)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Host settings reach Program before it reads its configuration (connection strings are read at registration).
        builder.UseSetting("ConnectionStrings:wellwon-db", ConnectionString);
        builder.UseSetting("ConnectionStrings:redis", RedisConnectionString);
        builder.UseSetting("Identity:MasterKey", MasterKey);
        builder.UseSetting("Identity:RateLimit:PermitPerMinute", PermitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Admin:Email", AdminEmail);
        builder.UseSetting("Admin:Password", AdminPassword);
        builder.ConfigureServices((context, services) =>
        {
            // Once the Api's Program adds and maps Identity itself, its own wiring serves the tests unchanged.
            if (IdentityModule.IsAdded(services))
            {
                return;
            }

            // Until then, what Program will do: add the module, and generate a mediator that knows Identity's handlers.
            services.AddIdentityModule(context.Configuration);
            services.AddMediator(o =>
            {
                o.ServiceLifetime = ServiceLifetime.Scoped;
                o.Assemblies = [typeof(RegisterUser)];
            });
            services.Replace(ServiceDescriptor.Scoped<IMediator>(sp => sp.GetRequiredService<global::Mediator.Mediator>()));
            services.Replace(ServiceDescriptor.Scoped<ISender>(sp => sp.GetRequiredService<global::Mediator.Mediator>()));
            services.AddOpenApi();
            services.AddSingleton<IStartupFilter, MapIdentityAheadOfTheApi>();
        });
    }

    public async Task<HttpClient> SignedInClientAsync(string email, string password)
    {
        var tokens = await LoginAsync(email, password);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    public async Task<Tokens> LoginAsync(string email, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Tokens>())!;
    }

    /// <summary>Registers a user with a fresh address and returns its id and address.</summary>
    public async Task<(Guid Id, string Email)> RegisterAsync(string password, string firstName = "Ann", string lastName = "Importer")
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password, firstName, lastName, phone = "+7 495 123 45 67", bio = "Imports tea" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), email);
    }

    /// <summary>The code in the latest development-mailbox message to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<string> CodeFromMailboxAsync(string to, string subject)
    {
        using var client = CreateClient();
        var messages = await client.GetFromJsonAsync<JsonElement>($"/api/dev/mailbox?to={Uri.EscapeDataString(to)}");
        var message = messages.EnumerateArray().First(m => m.GetProperty("subject").GetString()!.Contains(subject, StringComparison.OrdinalIgnoreCase));
        return Regex.Match(message.GetProperty("body").GetString()!, @"code: ([A-Za-z0-9_\-]+)").Groups[1].Value;
    }

    public sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn);
}

/// <summary>The same API with a small rate limit on /api/auth/*.</summary>
public sealed class RateLimitedIdentityApiFactory : IdentityApiFactory
{
    public const int Permits = 5;

    protected override int PermitPerMinute => Permits;
}

/// <summary>Another instance of the API over an existing database with the same keys, as a second replica would run.</summary>
public sealed class IdentityApiReplica(string databaseName, string masterKey, string signingKey)
    : IdentityApiFactory(databaseName, masterKey, signingKey, ownsDatabase: false);

/// <summary>Maps Identity's endpoints and the OpenAPI document, as the Api's Program will, ahead of the Api's own pipeline.</summary>
internal sealed class MapIdentityAheadOfTheApi : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWellWonProblemDetails();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapIdentityEndpoints();
            endpoints.MapOpenApi();
        });
        next(app);
    };
}
