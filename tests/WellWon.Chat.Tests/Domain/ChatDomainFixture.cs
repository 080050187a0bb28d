using WellWon.Chat.Domain;
using WellWon.Platform.Kernel;

namespace WellWon.Chat.Tests.Domain;

/// <summary>What the domain tests share: a fixed clock, aggregates loaded from a history, and "refused with this code".</summary>
internal static class ChatDomainFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An aggregate loaded from <paramref name="history"/>, nothing pending (as the store hands it to a handler).</summary>
    public static T Given<T>(Guid id, params IDomainEvent[] history) where T : class, IAggregate, new()
    {
        IAggregate aggregate = new T();
        aggregate.Load(id, history.Length - 1, history);
        return (T)aggregate;
    }

    /// <summary>A conversation as stored after <paramref name="start"/> and its changes.</summary>
    public static Conversation Stored(Conversation start) => Given<Conversation>(start.Id, [.. start.Changes]);

    public static DomainException Refused(Action action, string code)
    {
        var e = Assert.ThrowsAny<DomainException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }
}
