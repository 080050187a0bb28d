using WellWon.Identity;
using WellWon.Platform.Hosting;
using WellWon.Platform.RealTime;
using WellWon.Workers;
using WellWon.Workers.DataSync;

var builder = WebApplication.CreateBuilder(args);
var role = WorkerRoles.Parse(args, builder.Configuration);

builder.AddServiceDefaults();
builder.AddWellWonPlatform();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
builder.Services.AddIdentityReadModel();
builder.Services.AddWellWonChangeNotifier(builder.Configuration);
if (role == WorkerRole.DataSync)
{
    builder.AddDataSyncRole();
}

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Ok(new { role = role.Name() })).ExcludeFromDescription();

app.Run();
