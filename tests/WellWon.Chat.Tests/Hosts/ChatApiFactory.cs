using Mediator;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.RealTime;
using WellWon.Tests;

namespace WellWon.Chat.Tests.Hosts;

/// <summary>
/// The real WellWon.Api on a database and Redis prefix of its own (<see cref="ApiTestHost"/>), with the bus settings a worker beside it
/// shares (<see cref="ChatWorker.SharedSettings"/>); company roles come from the Companies context itself.
/// </summary>
public class ChatApiFactory : ApiTestHost
{
    public ChatApiFactory()
        : base("chat")
    {
    }

    protected ChatApiFactory(string database, bool ownsDatabase)
        : base(database, ownsDatabase)
    {
    }

    public Uri HubUrl => new(Server.BaseAddress, WellWonHub.Path);

    protected override (string Name, string Country) DefaultCompany => ("Tea Importers", "CN");

    /// <summary>Sends a command as the saga (or any in-process caller) would, through the Api's own mediator.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(command, Ct);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [.. base.Settings(), .. ChatWorker.SharedSettings(Database, KeyPrefix), CompareAtOnce];
}

/// <summary>An Api over an existing database (a worker's), which it leaves in place.</summary>
public sealed class ChatApiOverDatabase(string database) : ChatApiFactory(database, ownsDatabase: false);

/// <summary>The Api with an event-processor worker beside it on the same database and bus, as the AppHost runs them: pushes come from the worker.</summary>
public sealed class ChatApiWithWorker : ChatApiFactory
{
    private ChatWorker? _worker;

    public ChatWorker Worker => _worker ?? throw new InvalidOperationException("Not initialised.");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _worker = new ChatWorker(Database, KeyPrefix).Start();
    }

    protected override async ValueTask DisposeWorkerAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }
}
