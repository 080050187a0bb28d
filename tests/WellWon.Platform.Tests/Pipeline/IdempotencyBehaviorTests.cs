using System.Collections.Concurrent;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Pipeline;

public sealed record PlaceOrder(Guid OrderId, decimal Amount) : ICommand<OrderPlaced>;

public sealed record OrderPlaced(Guid OrderId, Guid ConfirmationId, decimal Amount);

/// <summary>Lets a test hold a handler mid-flight or make its first run fail.</summary>
public sealed class OrderDesk
{
    public ConcurrentDictionary<Guid, TaskCompletionSource> Gates { get; } = new();

    public ConcurrentDictionary<Guid, TaskCompletionSource> Entered { get; } = new();

    public ConcurrentDictionary<Guid, int> FailuresLeft { get; } = new();
}

public sealed class PlaceOrderHandler(HandlerCalls calls, OrderDesk desk) : ICommandHandler<PlaceOrder, OrderPlaced>
{
    public async ValueTask<OrderPlaced> Handle(PlaceOrder command, CancellationToken cancellationToken)
    {
        calls.Record($"{nameof(PlaceOrderHandler)}:{command.OrderId}");
        desk.Entered.GetValueOrDefault(command.OrderId)?.TrySetResult();
        if (desk.Gates.TryGetValue(command.OrderId, out var gate))
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (desk.FailuresLeft.TryGetValue(command.OrderId, out var left) && left > 0)
        {
            desk.FailuresLeft[command.OrderId] = left - 1;
            throw new InvalidOperationException("The payment provider did not answer.");
        }

        return new OrderPlaced(command.OrderId, Guid.NewGuid(), command.Amount);
    }
}

public sealed class RedisFixture : IAsyncLifetime
{
    public string Prefix { get; } = $"wellwon-test:{Guid.NewGuid():N}:";

    public ConnectionMultiplexer Redis { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);

    public async ValueTask DisposeAsync()
    {
        if (Redis is null)
        {
            return;
        }

        var server = Redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: Prefix + "*"))
        {
            await Redis.GetDatabase().KeyDeleteAsync(key);
        }

        await Redis.DisposeAsync();
    }
}

public sealed class IdempotencyBehaviorTests(RedisFixture fixture) : IClassFixture<RedisFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ServiceProvider Build(TestCurrentUser? user = null) => PipelineHost.Build(
        user ?? TestCurrentUser.SignedIn("entrepreneur"),
        services => services.AddSingleton<IConnectionMultiplexer>(fixture.Redis),
        new() { ["Idempotency:KeyPrefix"] = fixture.Prefix, ["Idempotency:Ttl"] = "00:10:00" });

    /// <summary>One HTTP-like request: a fresh scope whose context carries the client's Idempotency-Key.</summary>
    private static async Task<TResponse> Request<TResponse>(IServiceProvider services, string? key, ICommand<TResponse> command)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().IdempotencyKey = key;
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, Ct);
    }

    private static int Runs(IServiceProvider services, Guid orderId) =>
        services.GetRequiredService<HandlerCalls>().Of($"{nameof(PlaceOrderHandler)}:{orderId}");

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_first_result_and_the_handler_runs_once()
    {
        await using var services = Build();
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 120.50m);

        var first = await Request(services, key, order);
        var retry = await Request(services, key, order);

        Assert.Equal(first, retry);
        Assert.Equal(1, Runs(services, order.OrderId));
    }

    [Fact]
    public async Task The_result_is_kept_for_the_configured_time()
    {
        await using var services = Build();
        var user = (TestCurrentUser)services.CreateScope().ServiceProvider.GetRequiredService<ICurrentUser>();
        var key = Guid.NewGuid().ToString();

        await Request(services, key, new PlaceOrder(Guid.NewGuid(), 1m));

        var redisKey = $"{fixture.Prefix}{user.UserId:N}:{typeof(PlaceOrder).FullName}:{key}";
        var ttl = await fixture.Redis.GetDatabase().KeyTimeToLiveAsync(redisKey);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        await using var services = Build();
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 10m);
        await Request(services, key, order);

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => Request(services, key, order with { Amount = 11m }));
        Assert.Equal(1, Runs(services, order.OrderId));
    }

    [Fact]
    public async Task A_duplicate_while_the_first_is_running_gets_a_conflict_then_the_result_once_it_is_done()
    {
        await using var services = Build();
        var desk = services.GetRequiredService<OrderDesk>();
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 99m);
        var gate = desk.Gates[order.OrderId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = desk.Entered[order.OrderId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = Request(services, key, order);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await Assert.ThrowsAsync<IdempotentRequestInFlightException>(() => Request(services, key, order));
        gate.SetResult();
        var placed = await first;

        Assert.Equal(placed, await Request(services, key, order));
        Assert.Equal(1, Runs(services, order.OrderId));
    }

    [Fact]
    public async Task Parallel_duplicates_run_the_handler_once()
    {
        await using var services = Build();
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 5m);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return await Request(services, key, order);
            }
            catch (IdempotentRequestInFlightException)
            {
                return null;
            }
        }));

        Assert.Equal(1, Runs(services, order.OrderId));
        Assert.Single(attempts.OfType<OrderPlaced>().Distinct());
    }

    [Fact]
    public async Task A_failed_command_releases_its_key_so_the_retry_runs()
    {
        await using var services = Build();
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 7m);
        services.GetRequiredService<OrderDesk>().FailuresLeft[order.OrderId] = 1;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Request(services, key, order));
        var placed = await Request(services, key, order);

        Assert.Equal(order.OrderId, placed.OrderId);
        Assert.Equal(2, Runs(services, order.OrderId));
    }

    [Fact]
    public async Task Keys_are_scoped_by_user()
    {
        await using var alice = Build(TestCurrentUser.SignedIn("entrepreneur"));
        await using var bob = Build(TestCurrentUser.SignedIn("entrepreneur"));
        var key = Guid.NewGuid().ToString();
        var order = new PlaceOrder(Guid.NewGuid(), 3m);

        var fromAlice = await Request(alice, key, order);
        var fromBob = await Request(bob, key, order);

        Assert.NotEqual(fromAlice.ConfirmationId, fromBob.ConfirmationId);
    }

    [Fact]
    public async Task Without_a_key_every_request_runs()
    {
        await using var services = Build();
        var order = new PlaceOrder(Guid.NewGuid(), 1m);

        await Request(services, null, order);
        await Request(services, null, order);

        Assert.Equal(2, Runs(services, order.OrderId));
    }

    [Fact]
    public async Task Only_the_first_command_of_a_request_answers_to_its_key()
    {
        await using var services = Build();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().IdempotencyKey = Guid.NewGuid().ToString();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var first = await mediator.Send(new PlaceOrder(Guid.NewGuid(), 1m), Ct);
        var second = await mediator.Send(new PlaceOrder(Guid.NewGuid(), 2m), Ct);

        Assert.NotEqual(first.OrderId, second.OrderId);
        Assert.Equal(2m, second.Amount);
    }
}
