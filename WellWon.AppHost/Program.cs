using Microsoft.Extensions.Configuration;
using WellWon.AppHost;
using WellWon.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

WellWonInfrastructure infra;
try
{
    infra = builder.AddWellWonInfrastructure();   // executables or containers, chosen once, in Infrastructure/
}
catch (InfrastructureChoiceException e)
{
    // Said once and at once: containers without an engine would otherwise wait forever.
    Console.Error.WriteLine($"WellWon: {e.Message}");
    return 1;
}

var jwtKey = builder.AddParameter("jwt-signing-key", Secrets.Generated(64), secret: true, persist: true);
var masterKey = builder.AddParameter("identity-master-key", Secrets.GeneratedKey(32), secret: true, persist: true);
var adminEmail = builder.AddParameter("admin-email", "admin@wellwon.local");
var adminPassword = builder.AddParameter("admin-password", Secrets.Generated(20), secret: true, persist: true);
var credentialsKey = builder.AddParameter("logistics-credentials-key", Secrets.GeneratedKey(32), secret: true, persist: true);
var documentsKey = builder.AddParameter("documents-signing-key", Secrets.Generated(64), secret: true, persist: true);
var telegram = TelegramSettings.From(builder);   // optional: off unless Telegram__BotToken is set
var carrierSimulator = CarrierSimulator.AddTo(builder);   // local runs: a fake carrier (SIMU) for shipment tracking
var bank = BankSimulator.AddTo(builder);   // local runs: a simulated bank for payment orders, unless Finance:Bank:BaseUrl names a real one
var tracking = TrackingSettings.From(builder);   // optional: the services' own defaults unless Logistics__Tracking__* is set
var customs = CustomsSettings.From(builder);   // optional: the central bank and customs gateway defaults unless Customs__Rates__* / Customs__Gateway__* is set

// Fixed local ports, overridable with Ports:Api / Ports:Web (DCP's proxy listens there; the process gets a free port).
var apiPort = builder.Configuration.GetValue("Ports:Api", 5080);
var webPort = builder.Configuration.GetValue("Ports:Web", 5000);

var api = builder.AddProject<Projects.WellWon_Api>("api")
    .WithEndpoint("http", e => e.Port = apiPort)
    .WithReference(infra.Database).WaitFor(infra.Database)
    .WithReference(infra.Redis).WaitFor(infra.Redis)
    .WithEventStoreAndTransport(infra)
    .WithEnvironment("Jwt__SigningKey", jwtKey)
    .WithEnvironment("Identity__MasterKey", masterKey)
    .WithEnvironment("Admin__Email", adminEmail)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithEnvironment("Logistics__CredentialsKey", credentialsKey)
    .WithEnvironment("Documents__SigningKey", documentsKey)
    .WithDocumentStorage(infra.Documents)
    .WithHttpHealthCheck("/health");
telegram.ApplyTo(api);
carrierSimulator.ApplyTo(api);
tracking.ApplyTo(api);
customs.ApplyRatesTo(api);   // a calculation on a day never fetched asks the central bank itself
bank.ApplyTo(api);   // without a bank the payments endpoints answer 503

// The Api owns the schema; the workers start once it is ready. They have no launch profile:
// WithHttpEndpoint gives each its own port (Kestrel's default would be the Web's 5000) and a /health to probe.
var eventProcessor = builder.AddProject<Projects.WellWon_Workers>("event-processor").WithArgs("event-processor")
    .WithHttpEndpoint()
    .WithReference(infra.Database).WithReference(infra.Redis)
    .WithEventStoreAndTransport(infra)
    .WithEnvironment("Identity__MasterKey", masterKey)
    .WithDocumentStorage(infra.Documents)
    .WaitFor(api)
    .WithHttpHealthCheck("/health");
bank.ApplyTo(eventProcessor);   // the payment saga quotes, converts and sends
customs.ApplyRatesTo(eventProcessor);   // Finance's sagas post foreign-currency entries and fetch a day's rates on demand, from the same central bank

var dataSync = builder.AddProject<Projects.WellWon_Workers>("data-sync").WithArgs("data-sync")
    .WithHttpEndpoint()
    .WithReference(infra.Database).WithReference(infra.Redis)
    .WithEventStoreAndTransport(infra)
    .WithEnvironment("Identity__MasterKey", masterKey)
    .WithEnvironment("Logistics__CredentialsKey", credentialsKey)
    .WithDocumentStorage(infra.Documents)
    .WaitFor(api)
    .WithHttpHealthCheck("/health");
telegram.ApplyTo(dataSync);
carrierSimulator.ApplyTo(dataSync, waitFor: true);   // data-sync polls the simulator's feed
tracking.ApplyTo(dataSync);
customs.ApplyRatesTo(dataSync);
customs.ApplyGatewayTo(dataSync);
bank.ApplyTo(dataSync);   // the payments' confirmations job asks the bank

// Web keeps its users' sessions (the Api's tokens) and its Data Protection keys in Redis, so sign-ins outlive restarts.
builder.AddProject<Projects.WellWon_Web>("web")
    .WithEndpoint("http", e => e.Port = webPort)
    .WithReference(infra.Redis).WaitFor(infra.Redis)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health");

// Local runs serve plain http, so no development certificate is needed (nor a dashboard warning about one).
foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
{
    builder.CreateResourceBuilder(project).WithoutHttpsCertificate();
}

builder.Build().Run();
return 0;
