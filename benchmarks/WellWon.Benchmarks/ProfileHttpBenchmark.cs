using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WellWon.Benchmarks;

/// <summary>
/// Figure 3: <c>PATCH /api/auth/profile</c> by 32 signed-in clients against the built WellWon.Api, run as its own process on a
/// loopback port (Kestrel, real sockets) with a fresh database; each client edits its own profile back to back.
/// </summary>
public sealed class ProfileHttpBenchmark(BenchOptions options)
{
    public const int Clients = 32;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<LoadResult> RunAsync(CancellationToken ct)
    {
        var apiAssembly = options.ApiAssembly is { } path && File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new ArgumentException($"WellWon.Api.dll not found at '{options.ApiAssembly}': pass --api (./wellwon bench builds it).");

        await using var database = await BenchDatabase.CreateAsync(options.Postgres, "http", ct);
        var port = FreeLoopbackPort();
        var log = Path.Combine(Environment.GetEnvironmentVariable("WELLWON_TEST_ROOT") ?? Path.GetTempPath(), $"wellwon-bench-api-{port}.log");
        using var api = StartApi(apiAssembly, port, database.ConnectionString, log);
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Clients * 2,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseProxy = false,
            })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(30),
            };

            await WaitHealthyAsync(http, api, log, ct);
            var tokens = await SignUpAsync(http, ct);
            var clients = tokens.Select((token, i) => PatchProfile(http, token, i)).ToList();

            await LoadDriver.RunAsync(clients, 5, BenchScale.WarmUpCap * 3, ct);
            var result = await LoadDriver.RunAsync(clients, options.Scale.HttpRequestsPerClient, options.Scale.HttpCap, ct);
            await Console.Error.WriteLineAsync(
                $"  http PATCH profile x{Clients}: {result.OperationsPerSecond:N0} req/s  p50 {result.P50Ms:N1} ms  p95 {result.P95Ms:N1} ms  p99 {result.P99Ms:N1} ms  " +
                $"({result.Operations} ok, {result.Failures} failed in {result.Elapsed.TotalSeconds:N1} s)");
            return result;
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync(CancellationToken.None);
        }
    }

    private Process StartApi(string apiAssembly, int port, string connectionString, string log)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__wellwon-db"] = connectionString;
        start.Environment["ConnectionStrings__redis"] = options.Redis;
        start.Environment["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        start.Environment["Identity__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        start.Environment["Identity__RateLimit__PermitPerMinute"] = "1000000";
        // Production logging: a console line per request would measure the terminal, not WellWon.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start WellWon.Api.");
        var writer = new StreamWriter(log, append: false) { AutoFlush = true };
        var sync = new Lock();
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (sync)
                {
                    writer.WriteLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Exited += (_, _) => writer.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process api, string log, CancellationToken ct)
    {
        var giveUp = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < giveUp)
        {
            if (api.HasExited)
            {
                throw new InvalidOperationException($"WellWon.Api exited with code {api.ExitCode}; its output is in {log}.");
            }

            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"WellWon.Api was not healthy within {StartTimeout.TotalSeconds:N0} s; its output is in {log}.");
    }

    /// <summary>Registers and signs in one user per client through the API itself; returns their access tokens.</summary>
    private static async Task<string[]> SignUpAsync(HttpClient http, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return await Task.WhenAll(Enumerable.Range(0, Clients).Select(async i =>
        {
            var email = $"bench-{run}-{i}@example.com";
            var password = $"bench-password-{run}-{i}";
            using (var registered = await http.PostAsJsonAsync("/api/auth/register", new { email, password, firstName = "Bench", lastName = $"User {i}" }, ct))
            {
                await EnsureAsync(registered, "register", ct);
            }

            using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, ct);
            await EnsureAsync(login, "login", ct);
            var tokens = await login.Content.ReadFromJsonAsync<TokenResponse>(ct);
            return tokens?.AccessToken ?? throw new InvalidOperationException("login returned no access token");
        }));
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
            await EnsureAsync(response, "PATCH /api/auth/profile", ct);
        };
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record TokenResponse(string AccessToken);
}
