extern alias ApiHost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;
using WellWon.Platform.EventStore;
using WellWon.Platform.Messaging;
using WellWon.Platform.Projections;

namespace WellWon.Api.Tests.Admin;

/// <summary>The Api as Program builds it, over a database and a Redis key prefix of its own, with two projections registered.</summary>
public sealed class AdminApiFactory : WebApplicationFactory<ApiHost::Program>, IAsyncLifetime
{
    private readonly string _database = $"wellwon_test_{Guid.NewGuid():N}";

    public string Prefix { get; } = $"wwtest:{Guid.NewGuid():N}:";

    public async ValueTask InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestInfrastructure.Postgres);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:wellwon-db", new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _database }.ConnectionString);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
        builder.UseRandomKeys();
        builder.UseSetting("Messaging:RedisStreams:KeyPrefix", Prefix);
        builder.UseSetting("Messaging:RedisStreams:MaxDeliveries", "1");
        builder.UseSetting("Messaging:RedisStreams:HandlerAttempts", "1");
        builder.UseSetting("Messaging:RedisStreams:PollMaxDelay", "00:00:00.050");
        builder.ConfigureServices(services =>
        {
            services.AddAuthentication(TestAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, _ => { });
            services.AddProjection<LedgerProjection>();
            services.AddProjection<AuditTrailProjection>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Services.GetService<IConnectionMultiplexer>() is { IsConnected: true } redis)
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: Prefix + "*"))
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

/// <summary>A rebuildable projection (its table is never written in these tests).</summary>
public sealed class LedgerProjection : IRebuildableProjection
{
    public string Name => "finance.ledger";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "finance.entry-posted.v1" };

    public ProjectionTable Table { get; } = new("finance", "ledger");

    public Task CreateTableAsync(ProjectionTable table, CancellationToken ct) => Task.CompletedTask;

    public Task ApplyAsync(RecordedEvent e, ProjectionTable table, CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A projection that cannot be rebuilt.</summary>
public sealed class AuditTrailProjection : IProjection
{
    public string Name => "finance.audit-trail";

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "finance.entry-posted.v1" };

    public Task ApplyAsync(RecordedEvent e, CancellationToken ct) => Task.CompletedTask;
}

public sealed class AdminEndpointsTests(AdminApiFactory api) : IClassFixture<AdminApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client(string? userType)
    {
        var client = api.CreateClient();
        if (userType is not null)
        {
            client.DefaultRequestHeaders.Add(TestAuthentication.Header, $"{Guid.NewGuid()};{userType}");
        }

        return client;
    }

    [Fact]
    public async Task Only_a_ww_admin_reaches_the_admin_endpoints()
    {
        using var anonymous = Client(null);
        using var entrepreneur = Client("entrepreneur");
        using var admin = Client("ww_admin");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/projections", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await entrepreneur.GetAsync("/api/admin/projections", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await entrepreneur.PostAsync("/api/admin/projections/finance.ledger/rebuild", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await entrepreneur.GetAsync("/api/admin/dead-letters?topic=finance", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/projections", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_rebuild_is_queued_once_and_the_list_shows_it_with_every_projection()
    {
        using var admin = Client("ww_admin");

        using var queued = await admin.PostAsync("/api/admin/projections/finance.ledger/rebuild", null, Ct);
        using var again = await admin.PostAsync("/api/admin/projections/finance.ledger/rebuild", null, Ct);
        using var notRebuildable = await admin.PostAsync("/api/admin/projections/finance.audit-trail/rebuild", null, Ct);
        using var unknown = await admin.PostAsync("/api/admin/projections/finance.nothing/rebuild", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal("/api/admin/projections", queued.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("projection.rebuild-running", (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Conflict, notRebuildable.StatusCode);
        Assert.Equal("projection.not-rebuildable", (await notRebuildable.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var list = await admin.GetFromJsonAsync<JsonElement[]>("/api/admin/projections", Ct);
        var ledger = Assert.Single(list!, p => p.GetProperty("name").GetString() == "finance.ledger");
        Assert.Equal(ProjectionStatus.RebuildRequested, ledger.GetProperty("status").GetString());
        Assert.True(ledger.GetProperty("rebuildable").GetBoolean());
        Assert.Equal(0, ledger.GetProperty("lag").GetInt64());
        Assert.True(ledger.GetProperty("rebuild").TryGetProperty("requestedAt", out _));
        var audit = Assert.Single(list!, p => p.GetProperty("name").GetString() == "finance.audit-trail");
        Assert.False(audit.GetProperty("rebuildable").GetBoolean());
    }

    [Fact]
    public async Task Dead_letters_are_listed_by_topic_and_a_replay_puts_the_message_back_on_its_topic()
    {
        using var admin = Client("ww_admin");
        var topic = $"finance-{Guid.NewGuid():N}";
        var message = new TransportMessage
        {
            Key = "ledger-1",
            MessageId = Guid.NewGuid(),
            Type = "finance.entry-posted.v1",
            Payload = JsonSerializer.SerializeToUtf8Bytes(new { amount = 12.5m }),
            GlobalPosition = 42,
        };
        await api.Services.GetRequiredService<IMessagePublisher>().PublishAsync(topic, [message], Ct);
        var deliveries = 0;
        using var consuming = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var consumer = api.Services.GetRequiredService<IMessageConsumer>().RunAsync(
            new ConsumerSubscription(topic, "finance-projections", "test"),
            (_, _) =>
            {
                Interlocked.Increment(ref deliveries);
                throw new InvalidOperationException("The ledger rejects the entry.");
            },
            consuming.Token);

        JsonElement page = default;
        for (var waited = 0; waited < 200; waited++)
        {
            page = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/dead-letters?topic={topic}", Ct);
            if (page.GetProperty("items").GetArrayLength() > 0)
            {
                break;
            }

            await Task.Delay(50, Ct);
        }

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("The ledger rejects the entry.", item.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(message.MessageId, item.GetProperty("message").GetProperty("messageId").GetGuid());
        Assert.Equal(12.5m, item.GetProperty("message").GetProperty("payload").GetProperty("amount").GetDecimal());
        var id = item.GetProperty("id").GetString();

        await consuming.CancelAsync();
        await consumer;
        var deliveriesBeforeReplay = deliveries;
        using var replayed = await admin.PostAsync($"/api/admin/dead-letters/{topic}/{id}/replay", null, Ct);
        using var replayedAgain = await admin.PostAsync($"/api/admin/dead-letters/{topic}/{id}/replay", null, Ct);
        using var noTopic = await admin.GetAsync("/api/admin/dead-letters", Ct);

        Assert.Equal(HttpStatusCode.NoContent, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, replayedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noTopic.StatusCode);
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/dead-letters?topic={topic}", Ct)).GetProperty("items").GetArrayLength());
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var onTopic = 0L;
        for (var p = 0; p < 8; p++)
        {
            onTopic += await redis.StreamLengthAsync($"{api.Prefix}{topic}:{p}");
        }

        Assert.Equal(2, onTopic);
        Assert.Equal(1, deliveriesBeforeReplay);
    }
}
