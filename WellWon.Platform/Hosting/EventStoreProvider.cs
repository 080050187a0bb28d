using Microsoft.Extensions.Hosting;

namespace WellWon.Platform.Hosting;

/// <summary>
/// An event store adapter that lives in its own assembly (it references the Platform for the port, so the Platform cannot
/// reference it): the host hands it to <see cref="PlatformHostingExtensions.AddWellWonPlatform"/>, which calls
/// <see cref="Register"/> when <c>EventStore:Provider</c> names it. PostgreSQL is built in and the default.
/// </summary>
/// <param name="Name">The value of <c>EventStore:Provider</c> that selects it (compared without case).</param>
/// <param name="Register">Registers the adapter's <c>IEventStore</c> and <c>ILogSubscriptionFactory</c> over the PostgreSQL ones.</param>
public sealed record EventStoreProvider(string Name, Action<IHostApplicationBuilder> Register) : IPlatformAdapter;
