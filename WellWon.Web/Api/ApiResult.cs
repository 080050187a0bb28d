using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Json;
using System.Text.Json;

namespace WellWon.Web.Api;

/// <summary>A call's outcome: the value, or the problem the Api (or the network) reported. Screens show the problem; nothing throws.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;
}

public static class ApiResult
{
    public static ApiResult<T> Ok<T>(T value) => new(value, null);

    public static ApiResult<T> Failed<T>(ApiProblem problem) => new(default, problem);
}

/// <summary>Turns an HTTP exchange with the Api into an <see cref="ApiResult{T}"/>.</summary>
public static class ApiCalls
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Sends and reads a JSON body (or nothing when <typeparamref name="T"/> is <see cref="NoContent"/>); network failures become a problem.</summary>
    public static async Task<ApiResult<T>> SendAsync<T>(this HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return ApiResult.Failed<T>(await ApiProblem.ReadAsync(response, ct));
            }

            if (typeof(T) == typeof(NoContent))
            {
                return ApiResult.Ok((T)(object)NoContent.Value);
            }

            var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return value is null
                ? ApiResult.Failed<T>(ApiProblem.Unreachable("the answer was empty"))
                : ApiResult.Ok<T>(value);
        }
        catch (HttpRequestException e)
        {
            return ApiResult.Failed<T>(ApiProblem.Unreachable(e.Message));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return ApiResult.Failed<T>(ApiProblem.Unreachable("it did not answer in time"));
        }
    }

    public static Task<ApiResult<T>> GetAsync<T>(this HttpClient http, string path, CancellationToken ct) =>
        http.SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), ct);

    public static Task<ApiResult<T>> SendJsonAsync<T>(this HttpClient http, HttpMethod method, string path, object? body, CancellationToken ct) =>
        http.SendAsync<T>(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) }, ct);
}

/// <summary>The value of a call whose success has no body (204).</summary>
public sealed record NoContent
{
    public static readonly NoContent Value = new();
}
