using System.Collections.Concurrent;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Pipeline;

/// <summary>A container with the WellWon pipeline and this assembly's handlers, as a host composes it.</summary>
internal static class PipelineHost
{
    public static ServiceProvider Build(ICurrentUser? user = null, Action<IServiceCollection>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        services.AddLogging();
        services.AddScoped(_ => user ?? TestCurrentUser.Anonymous());
        services.AddSingleton<HandlerCalls>();
        services.AddSingleton<OrderDesk>();
        services.AddWellWonMediatorPipeline(typeof(PipelineHost).Assembly);
        services.AddMediator(o =>
        {
            o.ServiceLifetime = ServiceLifetime.Scoped;
            o.Assemblies = [typeof(PipelineHost)];
        });
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}

/// <summary>How many times each handler ran.</summary>
public sealed class HandlerCalls
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    public void Record(string handler) => _calls.AddOrUpdate(handler, 1, (_, n) => n + 1);

    public int Of(string handler) => _calls.GetValueOrDefault(handler);
}

public sealed record CustomerAddress(string PostCode);

public sealed record RegisterCustomer(string Email, string Name, CustomerAddress? Address = null) : ICommand<Guid>;

public sealed class RegisterCustomerValidator : AbstractValidator<RegisterCustomer>
{
    public RegisterCustomerValidator()
    {
        RuleFor(x => x.Email).NotEmpty().EmailAddress();
        RuleFor(x => x.Name).NotEmpty().WithErrorCode("customer.name-required");
        RuleFor(x => x.Address!.PostCode).MaximumLength(10).When(x => x.Address is not null);
    }
}

public sealed class RegisterCustomerHandler(HandlerCalls calls) : ICommandHandler<RegisterCustomer, Guid>
{
    public ValueTask<Guid> Handle(RegisterCustomer command, CancellationToken cancellationToken)
    {
        calls.Record(nameof(RegisterCustomerHandler));
        return ValueTask.FromResult(Guid.NewGuid());
    }
}

public sealed record GetMyProfile : IQuery<string>, IRequireAuthenticatedUser;

public sealed class GetMyProfileHandler(ICurrentUser user) : IQueryHandler<GetMyProfile, string>
{
    public ValueTask<string> Handle(GetMyProfile query, CancellationToken cancellationToken) => ValueTask.FromResult($"profile of {user.UserId}");
}

[RequireRole("ww_admin", "ww_manager")]
public sealed record ApproveCompany(Guid CompanyId) : ICommand<bool>;

public sealed class ApproveCompanyHandler(HandlerCalls calls) : ICommandHandler<ApproveCompany, bool>
{
    public ValueTask<bool> Handle(ApproveCompany command, CancellationToken cancellationToken)
    {
        calls.Record(nameof(ApproveCompanyHandler));
        return ValueTask.FromResult(true);
    }
}

public sealed record Ping(string Text) : IQuery<string>;

public sealed class PingHandler : IQueryHandler<Ping, string>
{
    public ValueTask<string> Handle(Ping query, CancellationToken cancellationToken) => ValueTask.FromResult("pong " + query.Text);
}
