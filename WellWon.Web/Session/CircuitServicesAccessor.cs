using Microsoft.AspNetCore.Components.Server.Circuits;

namespace WellWon.Web.Session;

/// <summary>
/// The services of the circuit whose code is running: HttpClient handlers live in the client factory's own scope, so this
/// is how the bearer handler reaches the circuit's signed-in user.
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public IServiceProvider? Services
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}

/// <summary>Sets <see cref="CircuitServicesAccessor.Services"/> around everything a circuit handles for its browser.</summary>
public sealed class CircuitServicesHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
            accessor.Services = null;
        };
}
