using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace WellWon.Platform.Messaging.Kafka;

/// <summary>
/// Where a WellWon topic lives in Kafka. The topic a caller names is the bounded context (the relay takes it from the event type,
/// <see cref="RecordedEventMessages.TopicOf"/>, exactly as for Redis Streams); Kafka's topic is the prefix plus that name, and its
/// dead letters go to the same name plus <c>.dlq</c>. Telemetry and <see cref="ReceivedMessage.Topic"/> keep the short name, so
/// dashboards read the same for every transport.
/// </summary>
public sealed partial class KafkaTopicNames(IOptions<KafkaOptions> options)
{
    public const string DeadLetterSuffix = ".dlq";

    private string Prefix => options.Value.TopicPrefix;

    public string Topic(string topic)
    {
        Validate(topic, nameof(topic));
        return Prefix + topic;
    }

    public string DeadLetters(string topic)
    {
        Validate(topic, nameof(topic));
        return Prefix + topic + DeadLetterSuffix;
    }

    /// <summary>Topic and group names: 1..200 letters, digits, '.', '_' and '-', which Kafka accepts as topic names and group ids alike.</summary>
    public static void Validate(string value, string what)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"The {what} '{value}' must be 1..200 letters, digits, '.', '_' or '-'.", what);
        }
    }

    public static bool IsValid(string? value) =>
        value is { Length: >= 1 and <= 200 } && value is not "." and not ".." && NamePattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
