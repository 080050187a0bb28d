using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace WellWon.Platform.Kernel;

/// <summary>An assembly whose events (and validators) a bounded context contributes to the process.</summary>
public sealed record ContextAssembly(Assembly Assembly);

public static class EventAssemblyRegistration
{
    /// <summary>
    /// Registers a bounded context's assembly: its events join the <see cref="EventTypeRegistry"/> and its FluentValidation
    /// validators the pipeline. Each context's module calls this once.
    /// </summary>
    public static IServiceCollection AddContextAssembly(this IServiceCollection services, Assembly assembly)
    {
        // Idempotent: a module registered by both a host and a test registers once.
        if (services.Any(d => d.ImplementationInstance is ContextAssembly c && c.Assembly == assembly))
        {
            return services;
        }

        services.AddSingleton(new ContextAssembly(assembly));
        services.AddValidatorsFromContextAssembly(assembly);
        return services;
    }

    private static void AddValidatorsFromContextAssembly(this IServiceCollection services, Assembly assembly) =>
        FluentValidation.ServiceCollectionExtensions.AddValidatorsFromAssembly(services, assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
}
