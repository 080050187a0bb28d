using System.Net.Http.Headers;
using System.Text;

namespace WellWon.Benchmarks;

/// <summary>
/// Figure 3: <c>PATCH /api/auth/profile</c> by 32 signed-in clients against the built WellWon.Api, run as its own process on a
/// loopback port (Kestrel, real sockets) with a fresh database; each client edits its own profile back to back.
/// </summary>
public sealed class ProfileHttpBenchmark(BenchOptions options)
{
    public const int Clients = 32;

    public async Task<LoadResult> RunAsync(CancellationToken ct)
    {
        var apiAssembly = options.RequireAssembly(options.ApiAssembly, "WellWon.Api.dll", "--api");
        await using var database = await BenchDatabase.CreateAsync(options.Postgres, "http", ct);
        await using var api = await WellWonProcess.StartAsync(apiAssembly, [], database.ConnectionString, options.Redis, ServiceSecrets.Random(), ct);
        using var http = api.CreateClient(Clients * 2);

        var users = await IdentityClient.SignUpAsync(http, Clients, ct);
        var clients = users.Select((user, i) => PatchProfile(http, user.AccessToken, i)).ToList();

        await LoadDriver.RunAsync(clients, 5, BenchScale.WarmUpCap * 3, ct);
        var result = await LoadDriver.RunAsync(clients, options.Scale.HttpRequestsPerClient, options.Scale.HttpCap, ct);
        await Console.Error.WriteLineAsync(
            $"  http PATCH profile x{Clients}: {result.OperationsPerSecond:N0} req/s  p50 {result.P50Ms:N1} ms  p95 {result.P95Ms:N1} ms  p99 {result.P99Ms:N1} ms  " +
            $"({result.Operations} ok, {result.Failures} failed in {result.Elapsed.TotalSeconds:N1} s)");
        return result;
    }

    private static Operation PatchProfile(HttpClient http, string accessToken, int client)
    {
        var edit = 0;
        var authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return async ct =>
        {
            // Every request changes the profile, so every request records and appends an event.
            edit++;
            using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/auth/profile")
            {
                Content = new StringContent(
                    $$"""{"firstName":"Bench {{client}}","bio":"Importer of machine parts, edit {{edit}}"}""",
                    Encoding.UTF8,
                    "application/json"),
            };
            request.Headers.Authorization = authorization;
            using var response = await http.SendAsync(request, ct);
            await IdentityClient.EnsureAsync(response, "PATCH /api/auth/profile", ct);
        };
    }
}
