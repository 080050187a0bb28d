using WellWon.Platform.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Redirect("/health")).ExcludeFromDescription();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
