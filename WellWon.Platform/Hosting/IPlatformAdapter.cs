namespace WellWon.Platform.Hosting;

/// <summary>
/// An implementation of a platform port that lives in a project of its own (the platform cannot reference it): an
/// <see cref="EventStoreProvider"/> or a <see cref="Messaging.MessagingTransportAdapter"/>. A host offers the ones it ships
/// to <see cref="PlatformHostingExtensions.AddWellWonPlatform"/>, and configuration picks among them.
/// </summary>
public interface IPlatformAdapter
{
    string Name { get; }
}
