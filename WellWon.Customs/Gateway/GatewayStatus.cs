using System.Text.Json;

namespace WellWon.Customs.Gateway;

/// <summary>The statuses the gateway reports, as in its JSON.</summary>
public static class GatewayStatuses
{
    public const string Submitted = "submitted";
    public const string Registered = "registered";
    public const string Released = "released";
    public const string Rejected = "rejected";
}

/// <summary>
/// One answer of <c>GET {BaseUrl}/v1/declarations/{declarationId}/status</c>:
/// <c>{ "declarationId", "status": "submitted|registered|released|rejected", "registrationNumber"?, "releasedAt"?, "reason"?, "eventId", "at" }</c>.
/// </summary>
public sealed record GatewayStatus(Guid DeclarationId, string Status, string? RegistrationNumber, DateTimeOffset? ReleasedAt, string? Reason, string EventId, DateTimeOffset At);

/// <summary>The gateway answered 2xx with something that is not a status of the declaration asked about; nothing is applied.</summary>
public sealed class GatewayPayloadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Reads the gateway's JSON strictly: every field of the right type, the status known, its number or reason present.</summary>
public static class GatewayStatusParser
{
    public static GatewayStatus Parse(ReadOnlySpan<byte> json, Guid expected)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new GatewayPayloadException($"The gateway's answer for {expected} is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new GatewayPayloadException($"The gateway's answer for {expected} is not a JSON object.");
            }

            var id = Text(root, "declarationId", required: true);
            if (!Guid.TryParse(id, out var declarationId) || declarationId != expected)
            {
                throw new GatewayPayloadException($"The gateway answered for declaration {id} when asked for {expected}.");
            }

            var status = Text(root, "status", required: true)!;
            if (status is not (GatewayStatuses.Submitted or GatewayStatuses.Registered or GatewayStatuses.Released or GatewayStatuses.Rejected))
            {
                throw new GatewayPayloadException($"The gateway's status '{status}' for {expected} is not one of submitted, registered, released, rejected.");
            }

            var number = Text(root, "registrationNumber", required: status == GatewayStatuses.Registered);
            var reason = Text(root, "reason", required: status == GatewayStatuses.Rejected);
            var eventId = Text(root, "eventId", required: true)!;
            var at = Time(root, "at", required: true)!.Value;
            return new GatewayStatus(declarationId, status, number, Time(root, "releasedAt", required: false), reason, eventId, at);
        }
    }

    private static string? Text(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new GatewayPayloadException($"The gateway's answer lacks '{name}'.") : null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : throw new GatewayPayloadException($"The gateway's '{name}' is not a non-empty string.");
    }

    private static DateTimeOffset? Time(JsonElement root, string name, bool required)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new GatewayPayloadException($"The gateway's answer lacks '{name}'.") : null;
        }

        return value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time)
            ? time
            : throw new GatewayPayloadException($"The gateway's '{name}' is not an ISO 8601 time.");
    }
}
