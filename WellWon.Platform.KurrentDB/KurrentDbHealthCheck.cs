using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WellWon.Platform.KurrentDB;

/// <summary>Ready when a KurrentDB node answers a read of the end of <c>$all</c> within the connection's deadline.</summary>
public sealed class KurrentDbHealthCheck(KurrentDbEventStore store, KurrentDbConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await store.GetHeadAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{connection.CurrentNode?.Host}:{connection.CurrentNode?.Port} at ({head.TransactionId}, {head.Position})");
        }
        catch (Exception e) when (e is KurrentDbException or Grpc.Core.RpcException)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
