using System.Security.Cryptography;
using WellWon.Tests;

namespace WellWon.Logistics.Tests.Hosts;

/// <summary>
/// The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>), with the bus settings a worker beside it
/// shares (<see cref="LogisticsWorker.SharedSettings"/>) and the carrier simulator as its one tracking carrier.
/// </summary>
public class LogisticsApiFactory() : ApiTestHost("logistics")
{
    /// <summary>What seals carriers' API keys in this test's Api.</summary>
    public string CredentialsKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected override (string Name, string Country) DefaultCompany => ("Tea Importers", "RU");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        .. LogisticsWorker.SharedSettings(Database, KeyPrefix),
        CompareAtOnce,
        new("Logistics:CredentialsKey", CredentialsKey),
        new("Logistics:Tracking:Carriers:SIMU:Name", "WellWon carrier simulator"),
        new("Logistics:Tracking:Carriers:SIMU:BaseUrl", "http://127.0.0.1:5090/"),
        new("Logistics:Tracking:Carriers:SIMU:ApiKey", "simulator-key"),
    ];
}

/// <summary>The Api with an event-processor worker beside it on the same database and bus, as the AppHost runs them.</summary>
public sealed class LogisticsApiWithWorker : LogisticsApiFactory
{
    private LogisticsWorker? _worker;

    public LogisticsWorker Worker => _worker ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _worker = new LogisticsWorker(Database, KeyPrefix).Start();
    }

    protected override async ValueTask DisposeWorkerAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
