namespace WellWon.Platform.Kernel;

/// <summary>A fact that happened in a bounded context. Immutable, past tense, registered under a stable name.</summary>
public interface IDomainEvent;

/// <summary>
/// The stable name an event is stored under (<c>"identity.user-registered.v1"</c>), never the CLR name,
/// so renaming a class never breaks the log.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
