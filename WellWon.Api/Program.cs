using Scalar.AspNetCore;
using WellWon.Api;
using WellWon.Api.Admin;
using WellWon.Chat;
using WellWon.Chat.Telegram;
using WellWon.Companies;
using WellWon.Customs;
using WellWon.Documents;
using WellWon.Finance;
using WellWon.Finance.PurchaseOrders;
using WellWon.Identity;
using WellWon.Logistics;
using WellWon.Platform.Http;
using WellWon.Platform.Hosting;
using WellWon.Platform.KurrentDB;
using WellWon.Platform.Messaging.Kafka;
using WellWon.Platform.RealTime;
using WellWon.Platform.Sagas;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// EventStore:Provider (PostgreSQL or KurrentDB) and Messaging:Transport (RedisStreams or Kafka) choose among these.
builder.AddWellWonPlatform(KurrentDbRegistration.Provider, KafkaTransport.Adapter);
builder.Services.AddWellWonProblemDetails();
builder.Services.AddMediator(o => o.ServiceLifetime = ServiceLifetime.Scoped);
builder.Services.AddWellWonRealTime(builder.Configuration);
builder.Services.AddOpenApi();
builder.Services.AddWellWonAdmin();

builder.AddIdentityModule();
builder.AddCompaniesModule();
builder.AddChatModule();
builder.AddLogisticsModule();
builder.AddCustomsModule();
builder.AddFinanceModule();
builder.AddDocumentsModule();
// A document review's "fill" puts the accepted lines into a declaration through Customs' command.
builder.Services.AddScoped<WellWon.Documents.Features.IDocumentFill, DeclarationFill>();

var app = builder.Build();

app.UseWellWonProblemDetails();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapIdentityEndpoints();
app.MapCompanyEndpoints();
app.MapWellWonHub();
app.MapWellWonAdmin();
app.MapChatEndpoints();
app.MapTelegramEndpoints(AdminEndpoints.Policy);
app.MapShipmentEndpoints();
app.MapWarehouseEndpoints();
app.MapCustomsEndpoints();
app.MapFinanceEndpoints();
app.MapDocumentsEndpoints();
app.MapSagaAdmin(AdminEndpoints.Policy);

if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
    app.MapScalarApiReference();
}

app.MapGet("/", () => Results.Redirect(app.Environment.IsDevelopment() ? "/scalar" : "/health")).ExcludeFromDescription();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
