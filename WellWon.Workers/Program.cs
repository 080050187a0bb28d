using WellWon.Chat;
using WellWon.Companies;
using WellWon.Customs;
using WellWon.Documents;
using WellWon.Finance;
using WellWon.Identity;
using WellWon.Logistics;
using WellWon.Platform.Hosting;
using WellWon.Platform.KurrentDB;
using WellWon.Platform.Messaging.Kafka;
using WellWon.Platform.RealTime;
using WellWon.Workers;
using WellWon.Workers.DataSync;
using WellWon.Workers.EventProcessor;

var builder = WebApplication.CreateBuilder(args);
var role = WorkerRoles.Parse(args, builder.Configuration);

builder.AddServiceDefaults();
// EventStore:Provider (PostgreSQL or KurrentDB) and Messaging:Transport (RedisStreams or Kafka) choose among these.
builder.AddWellWonPlatform(KurrentDbRegistration.Provider, KafkaTransport.Adapter);
// Only Chat's handlers: sagas and the Telegram bridge send Chat commands, nothing else here sends any. Generating the other
// contexts' HTTP handlers would ask for services a worker never registers (Identity's sessions), failing DI validation.
builder.Services.AddMediator(o =>
{
    o.ServiceLifetime = ServiceLifetime.Scoped;
    o.Assemblies = [typeof(ChatModule)];
});
builder.Services.AddIdentityReadModel();
builder.Services.AddCompaniesReadModel();
builder.Services.AddChatReadModel();
builder.Services.AddLogisticsReadModel();
builder.Services.AddCustomsReadModel();
builder.Services.AddFinanceReadModel();
builder.Services.AddDocumentsReadModel();
builder.Services.AddWellWonChangeNotifier(builder.Configuration);
switch (role)
{
    case WorkerRole.EventProcessor:
        builder.AddWellWonEventProcessor();
        builder.Services.AddChatSagas();
        builder.Services.AddLogisticsSagas();
        builder.Services.AddFinanceSagas();
        builder.Services.AddDocumentsReader();
        break;
    case WorkerRole.DataSync:
        builder.AddDataSyncRole();
        break;
}

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Ok(new { role = role.Name() })).ExcludeFromDescription();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
