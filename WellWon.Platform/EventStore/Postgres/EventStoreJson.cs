using System.Text.Json;
using System.Text.Json.Serialization;
using WellWon.Platform.Kernel;

namespace WellWon.Platform.EventStore.Postgres;

/// <summary>Event metadata as stored in the <c>metadata</c> jsonb column: camelCase, nulls left out, no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventMetadata))]
internal sealed partial class EventStoreJson : JsonSerializerContext;
