using System.Text.Json;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.Tests.EventStore;

internal static class TestEvents
{
    public static EventData One(string label = "thing") =>
        new(
            Guid.NewGuid(),
            "test.thing-happened.v1",
            JsonSerializer.SerializeToElement(new { label, at = DateTimeOffset.UnixEpoch }),
            new EventMetadata { CorrelationId = Guid.NewGuid(), TenantId = Guid.NewGuid(), TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" });

    public static EventData[] Many(int count, string label = "thing") =>
        [.. Enumerable.Range(0, count).Select(i => One($"{label}-{i}"))];

    public static string Stream(string category = "test") => $"{category}-{Guid.NewGuid():N}";
}
