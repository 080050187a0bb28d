using System.Reflection;
using Mapster;
using MapsterMapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WellWon.Platform.Mapping;

public static class MappingRegistration
{
    /// <summary>
    /// One <see cref="TypeAdapterConfig"/> from every <see cref="IRegister"/> in <paramref name="assemblies"/> (public or not,
    /// with a parameterless constructor), compiled here so a broken mapping fails at boot, not on the request that first uses it;
    /// and <see cref="IMapper"/> over it.
    /// </summary>
    public static IServiceCollection AddWellWonMapping(this IServiceCollection services, params Assembly[] assemblies) =>
        services.AddWellWonMapping(assemblies.Distinct().SelectMany(RegistersIn));

    /// <summary>The same from explicit registrations.</summary>
    public static IServiceCollection AddWellWonMapping(this IServiceCollection services, IEnumerable<IRegister> registers)
    {
        var config = Build(registers);
        services.TryAddSingleton(config);
        // MapsterMapper.Mapper is enough: ServiceMapper (resolving services inside maps) lives in Mapster.DependencyInjection, which we do not use.
        services.TryAddSingleton<IMapper>(new Mapper(config));
        return services;
    }

    /// <summary>
    /// Strict rules: every pair of types must be registered (no implicit mapping conjured at run time) and every destination
    /// member must have a source; <see cref="TypeAdapterConfig.Compile()"/> throws for any mapping that breaks them.
    /// </summary>
    public static TypeAdapterConfig Build(IEnumerable<IRegister> registers)
    {
        var config = new TypeAdapterConfig
        {
            RequireExplicitMapping = true,
            RequireDestinationMemberSource = true,
        };
        config.Apply(registers);
        config.Compile();
        return config;
    }

    private static IEnumerable<IRegister> RegistersIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                        && typeof(IRegister).IsAssignableFrom(t)
                        && t.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IRegister)Activator.CreateInstance(t, nonPublic: true)!);
}
