using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WellWon.CarrierSimulator.Api;
using WellWon.CarrierSimulator.Timeline;

namespace WellWon.CarrierSimulator;

/// <summary>The simulator's services and pipeline, so Program.cs reads like a table of contents.</summary>
public static class CarrierSimulatorModule
{
    public static WebApplicationBuilder AddCarrierSimulator(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SimulatorOptions>, SimulatorOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<RequestWindow>();
        builder.Services.AddSingleton<SimulatorStats>();
        builder.Services.AddSingleton<CarrierGate>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    public static WebApplication UseCarrierSimulator(this WebApplication app)
    {
        app.UseMiddleware<CarrierGate>();
        app.MapSimulatorStatus();
        app.MapTrackingEndpoints();
        return app;
    }

    // Names every problem at start-up, rather than one generic failure.
    private sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, SimulatorOptions options) =>
            SimulatorOptions.Problems(options).ToList() is { Count: > 0 } problems
                ? ValidateOptionsResult.Fail(problems)
                : ValidateOptionsResult.Success;
    }
}
