using System.Net;

namespace WellWon.Customs;

/// <summary>How patiently an outside service is asked: attempts, the first pause (doubled after each), and one attempt's time.</summary>
internal readonly record struct Patience(int Attempts, TimeSpan FirstRetryDelay, TimeSpan RequestTimeout);

/// <summary>
/// One request to an outside service (the central bank, a customs gateway), tried again on network errors, timeouts, 429 and 5xx
/// with a doubling pause; any other refusal fails at once. What counts as an answer, and how it is read, is the caller's.
/// </summary>
internal static class PatientHttp
{
    public static async Task<T> SendAsync<T>(
        this HttpClient http,
        Func<HttpRequestMessage> request,
        Func<HttpResponseMessage, bool> isAnswer,
        Func<HttpResponseMessage, CancellationToken, Task<T>> read,
        Patience patience,
        string service,
        Func<string, Exception?, Exception> unavailable,
        Action onSend,
        CancellationToken ct)
    {
        var delay = patience.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            onSend();
            using var message = request();
            var uri = message.RequestUri;
            string failure;
            Exception? error = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(patience.RequestTimeout);
                using var response = await http.SendAsync(message, timeout.Token);
                if (isAnswer(response))
                {
                    return await read(response, timeout.Token);
                }

                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    throw unavailable($"{service} refused {uri}: {failure}.", null);
                }
            }
            catch (HttpRequestException e)
            {
                (failure, error) = (e.Message, e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                (failure, error) = ($"no answer within {patience.RequestTimeout}", e);
            }

            if (attempt >= patience.Attempts)
            {
                throw unavailable($"{service} did not answer {uri} after {attempt} attempts: {failure}.", error);
            }

            await Task.Delay(delay, ct);
            delay *= 2;
        }
    }
}
