using WellWon.Identity;
using WellWon.Platform.Hosting;
using WellWon.Workers;

var builder = WebApplication.CreateBuilder(args);
var role = WorkerRoles.Parse(args, builder.Configuration);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
builder.Services.AddIdentityReadModel();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Ok(new { role = role.Name() })).ExcludeFromDescription();

app.Run();
