namespace WellWon.AppHost.Infrastructure;

/// <summary>The infrastructure asked for cannot be provided here; the AppHost prints the message and exits instead of waiting forever.</summary>
public sealed class InfrastructureChoiceException(string message) : Exception(message);
