using System.Reflection;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WellWon.Platform.Http;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Mediator;

public static class MediatorPipelineRegistration
{
    /// <summary>
    /// The behaviours every command and query passes through, outermost first: tracing, validation, authorization, idempotency.
    /// They are open generics registered here in that order; the generated mediator resolves
    /// <c>IEnumerable&lt;IPipelineBehavior&lt;TMessage, TResponse&gt;&gt;</c> and wraps the handler in registration order
    /// (a behaviour whose constraint a message does not meet — idempotency on a query — is skipped by the container).
    /// The host calls the source-generated <c>services.AddMediator(o =&gt; { o.ServiceLifetime = ServiceLifetime.Scoped; o.Assemblies = [...]; })</c>
    /// itself, without <c>o.PipelineBehaviors</c> (that would run them twice); Scoped, because behaviours and handlers use scoped services.
    /// </summary>
    /// <param name="validatorAssemblies">Assemblies whose FluentValidation validators are registered (scoped).</param>
    public static IServiceCollection AddWellWonMediatorPipeline(this IServiceCollection services, params Assembly[] validatorAssemblies)
    {
        services.AddWellWonRequestContext();
        services.AddMetrics();
        services.TryAddSingleton<MessageTelemetry>();
        services.AddOptions<IdempotencyOptions>()
            .BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Ttl > TimeSpan.Zero && o.InFlightTimeout > TimeSpan.Zero && o.MaxKeyLength > 0, "Idempotency: Ttl, InFlightTimeout and MaxKeyLength must be positive.")
            .ValidateOnStart();

        if (validatorAssemblies.Length > 0)
        {
            services.AddValidatorsFromAssemblies(validatorAssemblies, ServiceLifetime.Scoped, includeInternalTypes: true);
        }

        // TryAddEnumerable: calling this twice (a host and a test both do) must not run a behaviour twice.
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(TracingBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehavior<,>)));
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehavior<,>)));
        return services;
    }

    /// <summary>
    /// The scope's <see cref="RequestContext"/> (from the HTTP request when there is one), the <see cref="ICurrentUser"/>
    /// of that request, and event metadata built from both. A worker registers its own <see cref="ICurrentUser"/> first.
    /// </summary>
    public static IServiceCollection AddWellWonRequestContext(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddScoped(sp => HttpRequestContext.Create(sp.GetService<IHttpContextAccessor>()?.HttpContext));
        services.TryAddScoped<ICurrentUser, HttpCurrentUser>();
        services.TryAddScoped<IEventMetadataFactory, RequestEventMetadataFactory>();
        return services;
    }
}
