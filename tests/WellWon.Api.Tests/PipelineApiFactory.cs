extern alias ApiHost;

using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;

namespace WellWon.Api.Tests;

/// <summary>
/// The WellWon Api as Program builds it, plus the pipeline and a handful of test-only endpoints and handlers,
/// against the real PostgreSQL and Redis of the test run.
/// </summary>
public sealed class PipelineApiFactory : WebApplicationFactory<ApiHost::Program>
{
    public string IdempotencyPrefix { get; } = $"wellwon-test:{Guid.NewGuid():N}:";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:wellwon-db", TestInfrastructure.Postgres);
        builder.UseSetting("ConnectionStrings:redis", TestInfrastructure.Redis);
        builder.UseRandomKeys();
        builder.UseSetting("Idempotency:KeyPrefix", IdempotencyPrefix);
        builder.ConfigureServices(services =>
        {
            services.AddWellWonProblemDetails();
            services.AddWellWonMediatorPipeline(typeof(PipelineApiFactory).Assembly);
            services.AddMediator(o =>
            {
                o.ServiceLifetime = ServiceLifetime.Scoped;
                o.Assemblies = [typeof(PipelineApiFactory)];
            });
            // This assembly's generated mediator knows the test handlers; it wins even when the Api registers its own.
            services.Replace(ServiceDescriptor.Scoped<ISender>(sp => sp.GetRequiredService<global::Mediator.Mediator>()));
            services.AddSingleton<HandlerCalls>();
            services.AddAuthentication(TestAuthentication.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthentication>(TestAuthentication.SchemeName, _ => { });
            services.AddSingleton<IStartupFilter, TestEndpoints>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        // Leave nothing behind in the shared Redis.
        if (Services.GetService<IConnectionMultiplexer>() is { IsConnected: true } redis)
        {
            await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: IdempotencyPrefix + "*"))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }

        await base.DisposeAsync();
    }
}

/// <summary>Signs the caller in from <c>X-Test-User: {id};{user_type}</c>; no header, no user.</summary>
public sealed class TestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[Header].ToString() is not { Length: > 0 } value)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var parts = value.Split(';');
        var identity = new ClaimsIdentity([new Claim("sub", parts[0]), new Claim("user_type", parts[1])], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>Puts the problem-details handler first and maps the test endpoints ahead of the Api's own.</summary>
public sealed class TestEndpoints : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseWellWonProblemDetails();
        app.UseRouting();
        app.UseAuthentication();
        app.UseEndpoints(Map);
        next(app);
    };

    private static void Map(IEndpointRouteBuilder endpoints)
    {
        var test = endpoints.MapGroup("/test");
        test.MapPost("/customers", (RegisterCustomer command, ISender sender, CancellationToken ct) => sender.Send(command, ct));
        test.MapPost("/orders", (PlaceOrder command, ISender sender, CancellationToken ct) => sender.Send(command, ct));
        test.MapPost("/shipments/{id:guid}/deliver", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new DeliverShipment(id), ct));
        test.MapGet("/shipments/{id:guid}", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetShipment(id), ct));
        test.MapPut("/shipments/{id:guid}/name", (Guid id, string name, ISender sender, CancellationToken ct) => sender.Send(new RenameShipment(id, name), ct));
        test.MapGet("/invoices/count", (ISender sender, CancellationToken ct) => sender.Send(new CountInvoices(), ct));
        test.MapGet("/me", (ISender sender, CancellationToken ct) => sender.Send(new GetMyProfile(), ct));
        test.MapPost("/companies/{id:guid}/approve", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ApproveCompany(id), ct));
    }
}
