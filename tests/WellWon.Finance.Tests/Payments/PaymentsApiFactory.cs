extern alias ApiHost;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using StackExchange.Redis;
using WellWon.Finance.Ledger;
using WellWon.Finance.Ledger.Domain;
using WellWon.Finance.Ledger.Features;
using WellWon.Finance.Payments;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Sagas;
using WellWon.Platform.Tenancy;

namespace WellWon.Finance.Tests.Payments;

/// <summary>
/// The real WellWon.Api over a database of its own, pointed at a <see cref="FakeBank"/> on a loopback port (short timeouts, two
/// attempts), with the payment saga's runner in the same process: <see cref="RunSagaAsync"/> hands every event of an order's stream to
/// the <see cref="SagaRunner"/> as the saga host would, until the order stops changing.
/// </summary>
public sealed class PaymentsApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    private bool _created;

    public FakeBank Bank { get; } = new();

    public string Database { get; } = $"wellwon_payments_test_{Guid.NewGuid():N}";

    public string KeyPrefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    /// <summary>When false, the Api starts without a bank (Finance:Bank:BaseUrl unset).</summary>
    public bool WithBank { get; init; } = true;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Bank.StartAsync();
        await TestInfrastructure.CreateDatabaseAsync(Database);
        _created = true;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Bank.DisposeAsync();
        if (_created)
        {
            await using (var redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis))
            {
                await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: KeyPrefix + "*"))
                {
                    await redis.GetDatabase().KeyDeleteAsync(key);
                }
            }

            await TestInfrastructure.DropDatabaseAsync(Database);
        }

        GC.SuppressFinalize(this);
    }

    public static string EmailOf(Guid userId) => $"user-{userId:N}@example.com";

    public HttpClient ClientFor(Guid userId)
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = userId.ToString(), ["email"] = EmailOf(userId), ["user_type"] = "entrepreneur" },
            Issuer = "wellwon",
            Audience = "wellwon-api",
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(_signingKey)), SecurityAlgorithms.HmacSha256),
        });
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed record Company(Guid Id, Guid Owner, Guid Admin, Guid Viewer, Guid Outsider);

    /// <summary>A company with an owner, an admin and a viewer, 10,000,000 roubles on its bank account and today's official rates.</summary>
    public async Task<Company> CompanyAsync()
    {
        var (owner, admin, viewer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        using var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/companies", new { name = "Amur Trading", country = "RU", companyType = "importer" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var company = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        await JoinAsync(owner, company, admin, "admin");
        await JoinAsync(owner, company, viewer, "viewer");
        await StoreRatesAsync(DateOnly.FromDateTime(DateTime.UtcNow));
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LedgerWrites>().ChangeAsync(company, null, CompanyRole.Viewer, (ledger, now) => ledger.Post(
            [new EntryDraft(Guid.NewGuid(), "Opening balance", null,
                [new LineDraft("1010.RUB", EntrySide.Debit, 10_000_000m, "RUB"), new LineDraft("3010.RUB", EntrySide.Credit, 10_000_000m, "RUB")])], now), Ct);
        return new Company(company, owner, admin, viewer, Guid.NewGuid());
    }

    /// <summary>The company's ledger account by code, as the aggregate holds it now.</summary>
    public async Task<LedgerAccount?> AccountAsync(Guid companyId, string code)
    {
        await using var scope = Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<IAggregateStore>().LoadAsync<CompanyLedger>(companyId, Ct);
        return ledger.State.Find(code);
    }

    /// <summary>Hands the order's events to the saga runner, in order, until no new event appears; answers the events handed.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> RunSagaAsync(Guid orderId)
    {
        var runner = Services.GetRequiredService<SagaRunner>();
        var handed = new List<RecordedEvent>();
        while (true)
        {
            var fresh = (await StreamAsync(orderId)).Skip(handed.Count).ToList();
            if (fresh.Count == 0)
            {
                return handed;
            }

            foreach (var e in fresh)
            {
                await runner.HandleAsync(e, Ct);
                handed.Add(e);
            }
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> StreamAsync(Guid orderId)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Services.GetRequiredService<IEventStore>().ReadStreamAsync(StreamName.For<Finance.Payments.Domain.PaymentOrder>(orderId), 0, ReadDirection.Forwards, 1000, Ct))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>One run of the data-sync job that asks the bank about sent transfers and fails overdue orders.</summary>
    public async Task RunConfirmationsJobAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<PaymentConfirmationsJob>(scope.ServiceProvider);
        await job.RunAsync(new Platform.Scheduling.JobContext(Guid.NewGuid(), job.Name, DateTimeOffset.UtcNow, scope.ServiceProvider), Ct);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:wellwon-db"] = TestInfrastructure.ConnectionStringFor(Database),
            ["ConnectionStrings:redis"] = TestInfrastructure.Redis,
            ["Identity:MasterKey"] = Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(KeyPrefix))),
            ["Messaging:RedisStreams:KeyPrefix"] = KeyPrefix + "bus:",
            ["Relay:LockKey"] = KeyPrefix + "relay:lock",
            ["RealTime:KeyPrefix"] = KeyPrefix + "realtime:",
            ["Idempotency:KeyPrefix"] = KeyPrefix + "idempotency:",
            ["Scheduling:KeyPrefix"] = KeyPrefix + "jobs:",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Jwt:SigningKey"] = _signingKey,
            ["Identity:RateLimit:PermitPerMinute"] = "100000",
            ["Customs:Rates:BaseUrl"] = "http://127.0.0.1:9/scripts/",
            ["Customs:Rates:Attempts"] = "1",
            ["AggregateStore:SnapshotEvery"] = "10",
            ["Finance:Bank:BaseUrl"] = WithBank ? Bank.BaseUrl : null,
            ["Finance:Bank:ApiKey"] = FakeBank.ApiKey,
            ["Finance:Bank:RequestTimeout"] = "00:00:00.500",
            ["Finance:Bank:Attempts"] = "2",
            ["Finance:Bank:FirstRetryDelay"] = "00:00:00.050",
            ["Finance:Payments:ConfirmationTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // The event processor's saga runner in the Api's process; the tests feed it instead of the transport.
        builder.ConfigureTestServices(services =>
        {
            services.AddPaymentSaga();
            services.AddWellWonSagaStore();
            services.AddMetrics();
            services.TryAddSingleton<SagaRegistry>();
            services.TryAddSingleton<SagaRunner>();
        });
    }

    private async Task JoinAsync(Guid by, Guid companyId, Guid user, string role)
    {
        using var inviter = ClientFor(by);
        var invited = await inviter.PostAsJsonAsync($"/api/companies/{companyId}/invitations", new { email = EmailOf(user), role }, Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var invitee = ClientFor(user);
        var accepted = await invitee.PostAsJsonAsync(
            $"/api/companies/invitations/{invitation.GetProperty("id").GetGuid()}/accept", new { token = invitation.GetProperty("token").GetString() }, Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    // The central bank's rates of the day as Customs keeps them (the central bank itself is out of reach in tests).
    private async Task StoreRatesAsync(DateOnly day)
    {
        await using var db = NpgsqlDataSource.Create(TestInfrastructure.ConnectionStringFor(Database));
        foreach (var (currency, rate) in new[] { ("USD", 90m), ("CNY", FakeBank.Official) })
        {
            await using var insert = db.CreateCommand(
                "INSERT INTO customs.exchange_rates (rate_date, currency, revision, nominal, value, unit_rate, source, fetched_at) VALUES ($1, $2, 1, 1, $3, $3, 'test', now()) ON CONFLICT DO NOTHING");
            insert.Parameters.Add(new NpgsqlParameter { Value = day });
            insert.Parameters.Add(new NpgsqlParameter { Value = currency });
            insert.Parameters.Add(new NpgsqlParameter { Value = rate });
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using var fetched = db.CreateCommand("INSERT INTO customs.exchange_rate_fetches (requested_date, rates_date, fetched_at) VALUES ($1, $1, now()) ON CONFLICT DO NOTHING");
        fetched.Parameters.Add(new NpgsqlParameter { Value = day });
        await fetched.ExecuteNonQueryAsync(Ct);
    }
}
