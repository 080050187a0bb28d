using WellWon.Platform.Hosting;
using WellWon.Workers;
using WellWon.Workers.EventProcessor;

var builder = WebApplication.CreateBuilder(args);
var role = WorkerRoles.Parse(args, builder.Configuration);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
if (role == WorkerRole.EventProcessor) builder.AddWellWonEventProcessor();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Ok(new { role = role.Name() })).ExcludeFromDescription();

app.Run();
