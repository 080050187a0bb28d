using WellWon.Platform.Http;
using WellWon.Platform.Hosting;
using WellWon.Platform.RealTime;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();
builder.Services.AddWellWonProblemDetails();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
builder.Services.AddWellWonRealTime(builder.Configuration);

var app = builder.Build();

app.UseWellWonProblemDetails();
app.MapDefaultEndpoints();
app.MapWellWonHub();
app.MapGet("/", () => Results.Redirect("/health")).ExcludeFromDescription();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
