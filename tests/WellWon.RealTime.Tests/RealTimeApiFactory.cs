using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.RealTime;

namespace WellWon.RealTime.Tests;

/// <summary>
/// The WellWon Api as Program builds it, on a fresh database and the test Redis, with JwtBearer on a test signing key (the
/// Identity module configures the real one) and a company membership the tests fill in.
/// </summary>
public sealed class RealTimeApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const int ResumeDepth = 5;

    private readonly string _database = $"wellwon_test_{Guid.NewGuid():N}";
    // The Api's own bearer scheme (the Identity module's) validates the test's tokens: same key, issuer and audience.
    private readonly string _signingKeyText = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private int _earlierHandlerCalls;

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:realtime:";

    public TestCompanyMembership Membership { get; } = new();

    /// <summary>How often the OnMessageReceived that the scheme had before the hub's was added ran.</summary>
    public int EarlierHandlerCalls => Volatile.Read(ref _earlierHandlerCalls);

    public Uri HubUrl => new(Server.BaseAddress, WellWonHub.Path);

    public async ValueTask InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public string TokenFor(Guid userId, TimeSpan? lifetime = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString() },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(_signingKeyText)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A started client over the test server's long polling, listening for <c>changed</c>.</summary>
    public async Task<HubClient> ConnectAsync(Guid userId)
    {
        var token = TokenFor(userId);
        var client = new HubClient(userId, new HubConnectionBuilder()
            .WithUrl(HubUrl, o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build());
        await client.StartAsync();
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:wellwon-db", new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _database }.ConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
        builder.UseSetting("RealTime:KeyPrefix", KeyPrefix);
        builder.UseSetting("Jwt:SigningKey", _signingKeyText);
        builder.UseSetting("Identity:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("RealTime:ResumeDepth", ResumeDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureServices(services =>
        {
            services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                // A handler of the scheme's own: the hub's must run after it, not instead of it.
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = _ =>
                    {
                        Interlocked.Increment(ref _earlierHandlerCalls);
                        return Task.CompletedTask;
                    },
                };
            });
            services.AddSingleton<ICompanyMembership>(Membership);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        // Leave nothing behind in the shared Redis and PostgreSQL.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: KeyPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>Participants the tests declare; everyone else is refused.</summary>
public sealed class TestCompanyMembership : ICompanyMembership
{
    private readonly ConcurrentDictionary<(Guid User, Guid Company), bool> _participants = new();

    public void Add(Guid userId, Guid companyId) => _participants[(userId, companyId)] = true;

    public ValueTask<bool> IsParticipantAsync(Guid userId, Guid companyId, CancellationToken ct) =>
        ValueTask.FromResult(_participants.ContainsKey((userId, companyId)));
}

/// <summary>A signed-in browser tab, as far as the hub can tell: its connection and the changes pushed to it.</summary>
public sealed class HubClient(Guid userId, HubConnection connection) : IAsyncDisposable
{
    private readonly Channel<PushedChange> _received = Channel.CreateUnbounded<PushedChange>();

    public Guid UserId { get; } = userId;

    public HubConnection Connection { get; } = connection;

    public string UserGroup => ChangeAudience.User(UserId).Group;

    public async Task StartAsync()
    {
        Connection.On<PushedChange>(WellWonHub.ChangedMethod, change => _received.Writer.TryWrite(change));
        await Connection.StartAsync(TestContext.Current.CancellationToken);
        // The hub joins the user's group in OnConnectedAsync, which may finish after the handshake; calls are served only after
        // it, so the first call is the point from which the client cannot miss a push. Real clients resume here too.
        await GetMissedAsync(UserGroup, 0);
    }

    public Task<MissedChanges> GetMissedAsync(string group, long afterSequence) =>
        Connection.InvokeAsync<MissedChanges>("GetMissed", group, afterSequence, TestContext.Current.CancellationToken);

    public async Task<PushedChange> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether anything arrives within <paramref name="wait"/>.</summary>
    public async Task<PushedChange?> AnythingWithinAsync(TimeSpan wait)
    {
        try
        {
            return await NextAsync(wait);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
