using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WellWon.Logistics.Carriers;

namespace WellWon.Logistics.Tracking;

/// <summary>
/// The carrier tracking API v1 over HTTP: subscribe, unsubscribe and read events, with the carrier's bearer key, a timeout per
/// attempt, the carrier's rate (a token bucket, and its 429 Retry-After), back-off with jitter on 5xx and network failures, and
/// one span per call. An answer that is not what the API promises is a <see cref="TrackingFailure.Malformed"/> failure, logged
/// with the carrier and reference, and none of it is handed on.
/// </summary>
public sealed partial class CarrierTrackingClient(HttpClient http, CarrierRateLimits limits, IOptions<TrackingOptions> options, ILogger<CarrierTrackingClient> logger)
{
    private static readonly ActivitySource Source = new("WellWon");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly TrackingOptions _options = options.Value;

    public async Task SubscribeAsync(TrackedCarrier carrier, TrackingSubscription subscription, CancellationToken ct)
    {
        using var response = await SendAsync(carrier, subscription.Reference, "subscribe",
            () => new HttpRequestMessage(HttpMethod.Put, Url(carrier, $"v1/subscriptions/{Uri.EscapeDataString(subscription.Reference)}"))
            {
                Content = JsonContent.Create(subscription, options: Json),
            }, ct);
        EnsureSuccess(carrier, subscription.Reference, response);
    }

    /// <summary>Stops the carrier's tracking of the shipment; a carrier that no longer knows it has nothing to stop.</summary>
    public async Task UnsubscribeAsync(TrackedCarrier carrier, string reference, CancellationToken ct)
    {
        using var response = await SendAsync(carrier, reference, "unsubscribe",
            () => new HttpRequestMessage(HttpMethod.Delete, Url(carrier, $"v1/subscriptions/{Uri.EscapeDataString(reference)}")), ct);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            EnsureSuccess(carrier, reference, response);
        }
    }

    /// <summary>The events after <paramref name="after"/> (from the start when null), checked as a whole before any is returned.</summary>
    public async Task<CarrierEventPage> ReadEventsAsync(TrackedCarrier carrier, string reference, string? after, int limit, CancellationToken ct)
    {
        var query = $"v1/events?reference={Uri.EscapeDataString(reference)}&limit={limit.ToString(CultureInfo.InvariantCulture)}"
            + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");
        using var response = await SendAsync(carrier, reference, "events", () => new HttpRequestMessage(HttpMethod.Get, Url(carrier, query)), ct);
        EnsureSuccess(carrier, reference, response);

        PageDto? page;
        try
        {
            page = await response.Content.ReadFromJsonAsync<PageDto>(Json, ct);
        }
        catch (JsonException e)
        {
            throw Malformed(carrier, reference, $"the events are not valid JSON ({e.Message})", e);
        }

        if (page is not { Events: { } events, Next: { Length: > 0 } next })
        {
            throw Malformed(carrier, reference, "the page has no events array or no next cursor");
        }

        var checkedEvents = new List<CarrierEvent>(events.Count);
        foreach (var e in events)
        {
            checkedEvents.Add(Check(carrier, reference, e));
        }

        return new CarrierEventPage(checkedEvents, next);
    }

    private CarrierEvent Check(TrackedCarrier carrier, string reference, EventDto? e)
    {
        if (e is null || string.IsNullOrWhiteSpace(e.EventId) || e.EventId.Length > 200)
        {
            throw Malformed(carrier, reference, "an event has no usable eventId");
        }

        if (e.Type is null || !CarrierEventTypes.All.Contains(e.Type))
        {
            throw Malformed(carrier, reference, $"event {e.EventId} has an unknown type '{e.Type}'");
        }

        if (e.OccurredAt is not { } occurredAt)
        {
            throw Malformed(carrier, reference, $"event {e.EventId} has no occurredAt");
        }

        if (e.Type == CarrierEventTypes.Eta && (e.EstimatedArrival is null || string.IsNullOrWhiteSpace(e.LegId)))
        {
            throw Malformed(carrier, reference, $"eta event {e.EventId} names no leg or no estimatedArrival");
        }

        if (e.Type == CarrierEventTypes.Exception && string.IsNullOrWhiteSpace(e.Reason))
        {
            throw Malformed(carrier, reference, $"exception event {e.EventId} gives no reason");
        }

        return new CarrierEvent(e.EventId, e.Type, e.Classifier, occurredAt, e.Location, e.LegId, e.Vessel, e.Voyage, e.EstimatedArrival, e.Reason);
    }

    // Every attempt: the carrier's rate first, then the call within the timeout; 429 waits its Retry-After, 5xx and the network back off.
    private async Task<HttpResponseMessage> SendAsync(TrackedCarrier carrier, string reference, string operation, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        using var activity = Source.StartActivity($"carrier {operation}", ActivityKind.Client);
        activity?.SetTag("wellwon.carrier", carrier.Code);
        activity?.SetTag("wellwon.shipment.reference", reference);
        for (var attempt = 1; ; attempt++)
        {
            await limits.AcquireAsync(carrier, ct);
            using var message = request();
            if (carrier.ApiKey is { Length: > 0 } key)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.RequestTimeout);
            TimeSpan delay;
            string why;
            try
            {
                var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
                activity?.SetTag("http.response.status_code", (int)response.StatusCode);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    delay = Min(RetryAfter(response) ?? Backoff(attempt), _options.RetryMaxDelay);
                    limits.Pause(carrier, delay);
                    why = "429 Too Many Requests";
                }
                else if ((int)response.StatusCode >= 500)
                {
                    delay = Backoff(attempt);
                    why = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                }
                else
                {
                    activity?.SetTag("wellwon.attempts", attempt);
                    return response;
                }

                if (attempt >= _options.Attempts)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                why = e is OperationCanceledException ? $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s" : e.Message;
                if (attempt >= _options.Attempts)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, why);
                    throw new CarrierTrackingException(TrackingFailure.Unavailable, carrier.Code, reference, why, e);
                }

                delay = Backoff(attempt);
            }

            LogRetry(carrier.Code, reference, operation, why, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, ct);
        }
    }

    private void EnsureSuccess(TrackedCarrier carrier, string reference, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return;
        }

        var failure = response.StatusCode switch
        {
            HttpStatusCode.NotFound => TrackingFailure.NotSubscribed,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => TrackingFailure.Unauthorized,
            HttpStatusCode.TooManyRequests => TrackingFailure.Unavailable,
            _ when status >= 500 => TrackingFailure.Unavailable,
            _ => TrackingFailure.Rejected,
        };
        Activity.Current?.SetStatus(ActivityStatusCode.Error, failure.ToString());
        throw new CarrierTrackingException(failure, carrier.Code, reference, $"{status} {response.ReasonPhrase}");
    }

    private CarrierTrackingException Malformed(TrackedCarrier carrier, string reference, string why, Exception? inner = null)
    {
        LogMalformed(carrier.Code, reference, why);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "malformed");
        return new CarrierTrackingException(TrackingFailure.Malformed, carrier.Code, reference, why, inner);
    }

    private TimeSpan Backoff(int attempt)
    {
        // Full exponential step with jitter between half and all of it, so many shipments' retries do not arrive together.
        var step = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return Min(TimeSpan.FromMilliseconds(step * (0.5 + (Random.Shared.NextDouble() / 2))), _options.RetryMaxDelay);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter is { } header
            ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
            : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : b;

    private static Uri Url(TrackedCarrier carrier, string relative) =>
        new(new Uri(carrier.BaseUrl.ToString().EndsWith('/') ? carrier.BaseUrl.ToString() : carrier.BaseUrl + "/"), relative);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Carrier {Carrier} sent a malformed answer for {Reference}: {Why}; nothing of it was applied")]
    private partial void LogMalformed(string carrier, string reference, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Carrier {Carrier} {Operation} for {Reference} failed ({Why}) on attempt {Attempt}; retrying in {DelayMs:0} ms")]
    private partial void LogRetry(string carrier, string reference, string operation, string why, int attempt, double delayMs);

    private sealed record PageDto(List<EventDto?>? Events, string? Next);

    private sealed record EventDto(
        string? EventId, string? Type, string? Classifier, DateTimeOffset? OccurredAt, string? Location, string? LegId,
        string? Vessel, string? Voyage, DateTimeOffset? EstimatedArrival, string? Reason);
}
