using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WellWon.Companies.Features;
using WellWon.Companies.Invitations;
using WellWon.Companies.ReadModel;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.RealTime;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies;

/// <summary>Registers the Companies context: its write side, read models, the tenant check every context uses, and the hub's membership check.</summary>
public static class CompaniesModule
{
    public static IHostApplicationBuilder AddCompaniesModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddCompaniesModule();
        return builder;
    }

    /// <summary>Whether <see cref="AddCompaniesModule(IServiceCollection)"/> has run on <paramref name="services"/>.</summary>
    public static bool IsAdded(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(CompaniesModuleMarker));

    /// <summary>What the Api needs; calling it twice registers nothing twice. Authentication itself is Identity's.</summary>
    public static IServiceCollection AddCompaniesModule(this IServiceCollection services)
    {
        if (IsAdded(services))
        {
            return services;
        }

        services.AddSingleton<CompaniesModuleMarker>();

        services.AddCompaniesReadModel();
        services.AddWellWonProjections();

        // Replaces the hub's deny-all default, whichever was registered first.
        services.Replace(ServiceDescriptor.Singleton<ICompanyMembership>(sp => sp.GetRequiredService<ParticipantAccess>()));
        return services;
    }

    /// <summary>
    /// What a process that reads Companies' events needs (the event processor, any context asking <see cref="ICompanyAccess"/>):
    /// the schema, the three projections, the reader and the tenant check. No HTTP. Also what Companies' handlers need, since every
    /// host's generated mediator knows them: a worker can resolve them (and a saga send Companies commands).
    /// </summary>
    public static IServiceCollection AddCompaniesReadModel(this IServiceCollection services)
    {
        services.AddContextAssembly(typeof(CompaniesModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CompaniesOptions>().BindConfiguration(CompaniesOptions.Section)
            .Validate(o => o.InvitationLifetime > TimeSpan.Zero, "Companies:InvitationLifetime must be positive.")
            .ValidateOnStart();
        services.AddAggregateStore();
        services.TryAddScoped<CompanyWrites>();
        services.TryAddSingleton<IInvitationSender, LoggingInvitationSender>();
        services.AddMigrations<CompaniesMigrations>();
        services.AddProjection<CompanyDirectoryProjection>();
        services.AddProjection<ParticipantsProjection>();
        services.AddProjection<InvitationsProjection>();
        services.TryAddSingleton<CompanyReader>();
        services.TryAddSingleton<ParticipantAccess>();
        services.TryAddSingleton<ICompanyAccess>(sp => sp.GetRequiredService<ParticipantAccess>());
        return services;
    }

    private sealed class CompaniesModuleMarker;
}
