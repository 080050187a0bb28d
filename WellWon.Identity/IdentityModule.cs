using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.Features;
using WellWon.Identity.Mail;
using WellWon.Identity.ReadModel;
using WellWon.Identity.Security;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Platform.Database;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Identity;

/// <summary>Registers the Identity context: its services, schema, projection, start-up administrator, bearer authentication, policies and rate limit.</summary>
public static class IdentityModule
{
    /// <summary>Signed-in ww_admin or ww_manager.</summary>
    public const string StaffPolicy = "wellwon-staff";

    /// <summary>Signed-in ww_admin.</summary>
    public const string AdminPolicy = "wellwon-admin";

    /// <summary>The rate limit of <c>/api/auth/*</c>, per client address.</summary>
    public const string RateLimitPolicy = "identity-auth";

    public static IHostApplicationBuilder AddIdentityModule(this IHostApplicationBuilder builder)
    {
        builder.Services.AddIdentityModule(builder.Configuration);
        return builder;
    }

    /// <summary>Whether <see cref="AddIdentityModule(IServiceCollection, IConfiguration)"/> has run on <paramref name="services"/>.</summary>
    public static bool IsAdded(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(IdentityModuleMarker));

    /// <summary>The same for a bare service collection; calling it twice registers nothing twice.</summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsAdded(services))
        {
            return services;
        }

        services.AddSingleton<IdentityModuleMarker>();

        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section)
            .Validate(o => o.RateLimit.PermitPerMinute > 0, "Identity:RateLimit:PermitPerMinute must be positive.")
            .ValidateOnStart();
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>());
        services.AddOptions<AdminSeedOptions>().BindConfiguration(AdminSeedOptions.Section);
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);

        services.AddIdentityReadModel();
        services.TryAddSingleton<SessionStore>();
        services.TryAddSingleton<OneTimeTokenStore>();
        services.TryAddSingleton<AccessTokenIssuer>();
        services.TryAddSingleton<UserNumberSequence>();
        services.TryAddSingleton(new PasswordHasher<UserAccount>());
        services.TryAddSingleton<IPasswordHasher, AspNetPasswordHasher>();
        services.TryAddScoped<AccountRegistration>();
        services.TryAddSingleton<IdentityMails>();

        // Mail goes out by SMTP when a server is configured; otherwise it is logged and kept for /api/dev/mailbox.
        services.TryAddSingleton<DevelopmentMailbox>();
        if (string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<DevelopmentMailbox>());
        }
        else
        {
            services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        }

        services.AddAggregateStore();
        services.AddWellWonProjections();
        services.AddHostedService<SeedAdministrator>();

        AddAuthentication(services);
        AddRateLimit(services);
        return services;
    }

    /// <summary>
    /// What a process that only reads Identity's events needs (the event processor running <see cref="UserProfileProjection"/>, the
    /// data-sync role checking it against the log): the schema, the master key and user keys to open sealed fields, the projection
    /// and its reader. No HTTP, no JWT.
    /// </summary>
    public static IServiceCollection AddIdentityReadModel(this IServiceCollection services)
    {
        services.AddOptions<IdentityKeyOptions>().BindConfiguration(IdentityKeyOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdentityKeyOptions>, IdentityKeyOptionsValidator>());
        services.AddContextAssembly(typeof(IdentityModule).Assembly);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MasterKey>();
        services.TryAddSingleton<UserKeyStore>();
        services.TryAddSingleton<UserProfileReader>();
        services.AddMigrations<IdentityMigrations>();
        services.AddProjection<UserProfileProjection>();
        return services;
    }

    private sealed class IdentityModuleMarker;

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtOptions>>((bearer, options) =>
        {
            var jwt = options.Value;
            // Claims keep their JWT names (sub, user_type), as the rest of WellWon reads them.
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = jwt.SecurityKey(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = IdentityClaims.Subject,
                RoleClaimType = IdentityClaims.UserType,
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.RequireAuthenticatedUser().RequireClaim(IdentityClaims.UserType, UserTypes.Admin, UserTypes.Manager))
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireClaim(IdentityClaims.UserType, UserTypes.Admin));
    }

    private static void AddRateLimit(IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<IdentityOptions>>((limiter, identity) =>
        {
            var permits = identity.Value.RateLimit.PermitPerMinute;
            limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter =
                        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                var problems = context.HttpContext.RequestServices.GetService<IProblemDetailsService>();
                var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = "Too many requests from this address; wait and try again.",
                };
                problem.Extensions["code"] = "rate-limit.exceeded";
                if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem }))
                {
                    await context.HttpContext.Response.WriteAsJsonAsync(problem, ct);
                }
            };
        });
    }
}
