using WellWon.CarrierSimulator;

// A fake carrier, "WellWon Simulated Lines" (code SIMU), serving the tracking API v1 on a compressed clock.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCarrierSimulator();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseCarrierSimulator();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
