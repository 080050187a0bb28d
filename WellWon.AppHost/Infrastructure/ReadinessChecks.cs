using System.Net.Sockets;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace WellWon.AppHost.Infrastructure;

/// <summary>
/// Health checks that make WaitFor mean "ready" for the executables: a TCP connect to DCP's proxy always succeeds,
/// so each check speaks the protocol through the proxy's port.
/// </summary>
internal static class ReadinessChecks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Opens a connection with the services' own connection string (server up, password and database right) and runs SELECT 1.</summary>
    public static string AddPostgres(IDistributedApplicationBuilder builder, string key, IResourceWithConnectionString database)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            try
            {
                var connectionString = await database.GetConnectionStringAsync(ct);
                // No pool: an idle pooled connection would hold PostgreSQL's shutdown.
                var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = (int)Timeout.TotalSeconds };
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }, timeout: Timeout);
        return key;
    }

    /// <summary>Sends PING and expects +PONG (a Redis still loading its append-only file answers -LOADING).</summary>
    public static string AddRedis(IDistributedApplicationBuilder builder, string key, EndpointReference endpoint)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            if (!endpoint.IsAllocated)
            {
                return HealthCheckResult.Unhealthy("endpoint not allocated yet");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(Timeout);
                using var client = new TcpClient();
                await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, timeout.Token);
                var reply = Encoding.ASCII.GetString(buffer, 0, read).Trim();
                return reply == "+PONG" ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"PING answered '{reply}'");
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }, timeout: Timeout);
        return key;
    }

    /// <summary>
    /// Sends a Kafka Metadata request (v4, no topics) and expects an answer that lists at least one broker: the broker's listener is
    /// up and the KRaft node has registered itself, which a bare connect to DCP's proxy would not tell.
    /// </summary>
    public static string AddKafka(IDistributedApplicationBuilder builder, string key, EndpointReference endpoint)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            if (!endpoint.IsAllocated)
            {
                return HealthCheckResult.Unhealthy("endpoint not allocated yet");
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(Timeout);
                var brokers = await KafkaMetadataProbe.CountBrokersAsync(endpoint.Host, endpoint.Port, timeout.Token);
                return brokers > 0 ? HealthCheckResult.Healthy($"{brokers} broker(s)") : HealthCheckResult.Unhealthy("no broker registered yet");
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidDataException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }, timeout: Timeout);
        return key;
    }
}
