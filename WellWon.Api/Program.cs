using WellWon.Api.Admin;
using WellWon.Platform.Http;
using WellWon.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();
builder.Services.AddWellWonProblemDetails();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
builder.Services.AddWellWonAdmin();

var app = builder.Build();

app.UseWellWonProblemDetails();
app.MapDefaultEndpoints();
app.MapWellWonAdmin();
app.MapGet("/", () => Results.Redirect("/health")).ExcludeFromDescription();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
