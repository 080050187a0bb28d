using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace WellWon.Finance.Payments.Bank;

/// <summary>
/// The bank over HTTP, JSON in camelCase, <c>Authorization: Bearer {ApiKey}</c>, every POST with an <c>Idempotency-Key</c> header:
/// <list type="bullet">
/// <item><c>POST /v1/quotes {sell, buy, amount}</c> → <c>{quoteId, rate, officialRate?, validUntil}</c> (amount is of the bought currency;
/// rate in units of sell per one of buy)</item>
/// <item><c>POST /v1/quotes/{id}/accept {idempotencyKey}</c> → <c>{dealId}</c>; an expired quote → 409/422 <c>{code: "quote-expired"}</c></item>
/// <item><c>POST /v1/transfers {idempotencyKey, beneficiary: {name, account, swift, bankName, country}, amount, currency, purpose,
/// contractRegistrationNumber}</c> → 201 (or 200 for a repeated key: the first transfer) <c>{transferId, status, reference?, reason?}</c></item>
/// <item><c>GET /v1/transfers/{id}</c> → the same shape; status <c>pending</c> | <c>confirmed</c> | <c>rejected</c></item>
/// </list>
/// A refusal is a 4xx with <c>{code, message}</c>. Network errors, timeouts, 429 and 5xx are tried again with a doubling pause.
/// </summary>
public sealed class HttpBankGateway(HttpClient http, IOptions<BankOptions> options) : IBankGateway
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<BankQuote> QuoteAsync(string sell, string buy, decimal amount, string idempotencyKey, CancellationToken ct)
    {
        var answer = await SendAsync<QuoteAnswer>(HttpMethod.Post, "v1/quotes", new { sell, buy, amount }, idempotencyKey, ct);
        return new BankQuote(answer.QuoteId, answer.Rate, answer.OfficialRate, answer.ValidUntil);
    }

    public async Task<BankDeal> AcceptQuoteAsync(string quoteId, string idempotencyKey, CancellationToken ct)
    {
        var answer = await SendAsync<DealAnswer>(HttpMethod.Post, $"v1/quotes/{Uri.EscapeDataString(quoteId)}/accept", new { idempotencyKey }, idempotencyKey, ct);
        return new BankDeal(answer.DealId);
    }

    public Task<BankTransfer> SubmitTransferAsync(TransferRequest transfer, CancellationToken ct) =>
        SendAsync<BankTransfer>(HttpMethod.Post, "v1/transfers", transfer, transfer.IdempotencyKey, ct);

    public Task<BankTransfer> GetTransferAsync(string transferId, CancellationToken ct) =>
        SendAsync<BankTransfer>(HttpMethod.Get, $"v1/transfers/{Uri.EscapeDataString(transferId)}", null, null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Configured)
        {
            throw new BankUnavailableException("No bank is configured (Finance:Bank:BaseUrl).", timedOut: false);
        }

        // A POST without its key is never sent twice: only calls the bank can recognise as repeats are retried.
        var attempts = method == HttpMethod.Get || idempotencyKey is not null ? settings.Attempts : 1;
        var uri = new Uri(settings.BaseUri(), path);
        var delay = settings.FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            Exception? error = null;
            var timedOut = false;
            using var request = new HttpRequestMessage(method, uri);
            if (settings.ApiKey is { Length: > 0 } key)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: Json);
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(settings.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token)
                        ?? throw new BankUnavailableException($"The bank answered {uri} with nothing.", timedOut: false);
                }

                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    var refusal = await ReadRefusalAsync(response, timeout.Token);
                    throw new BankRejectedException(refusal?.Code ?? "rejected", refusal?.Message ?? $"The bank refused {method} {path}: {failure}.");
                }
            }
            catch (HttpRequestException e)
            {
                (failure, error) = (e.Message, e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                (failure, error, timedOut) = ($"no answer within {settings.RequestTimeout.TotalSeconds:0.###} s", e, true);
            }

            if (attempt >= attempts)
            {
                throw new BankUnavailableException($"The bank did not answer {method} {path} after {attempt} attempt(s): {failure}.", timedOut, error);
            }

            await Task.Delay(delay, ct);
            delay *= 2;
        }
    }

    private static async Task<Refusal?> ReadRefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<Refusal>(Json, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private sealed record QuoteAnswer(string QuoteId, decimal Rate, decimal? OfficialRate, DateTimeOffset ValidUntil);

    private sealed record DealAnswer(string DealId);

    private sealed record Refusal(string? Code, string? Message);
}
