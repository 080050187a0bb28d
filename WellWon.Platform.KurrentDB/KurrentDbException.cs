using System.Globalization;
using System.Net;
using Grpc.Core;
using WellWon.Platform.EventStore;

namespace WellWon.Platform.KurrentDB;

/// <summary>What went wrong in a KurrentDB call, from the gRPC status and the server's <c>exception</c> trailer.</summary>
public enum KurrentDbError
{
    /// <summary>No node answered, the node is not ready or too busy, or the connection dropped: worth retrying later.</summary>
    Unavailable,

    /// <summary>The node is a follower; <see cref="KurrentDbException.Leader"/> says where the leader is.</summary>
    NotLeader,

    /// <summary>The server timed the operation out (Aborted) or the call's deadline passed.</summary>
    Timeout,

    StreamDeleted,
    StreamNotFound,
    AccessDenied,
    Unauthenticated,
    MaximumAppendSizeExceeded,
    InvalidArgument,
    Unknown,
}

/// <summary>A KurrentDB call failed for a reason other than a wrong expected version (that one is <see cref="WrongExpectedVersionException"/>).</summary>
public sealed class KurrentDbException(KurrentDbError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public KurrentDbError Error { get; } = error;

    /// <summary>The gRPC status the server (or the transport) ended the call with, when there was one.</summary>
    public StatusCode? Status => (InnerException as RpcException)?.StatusCode;

    /// <summary>For <see cref="KurrentDbError.NotLeader"/>: the leader's endpoint from the <c>leader-endpoint-host/-port</c> trailers.</summary>
    public DnsEndPoint? Leader { get; init; }
}

/// <summary>Turns KurrentDB's failures (status + <c>exception=&lt;key&gt;</c> trailer) into WellWon's exceptions.</summary>
internal static class KurrentDbErrors
{
    public const string ExceptionKey = "exception";

    /// <summary>The exception for a failed call: the port's concurrency exception for a wrong expected version, else <see cref="KurrentDbException"/>.</summary>
    public static Exception Map(Exception failure, string? streamId = null, ExpectedVersion? expected = null)
    {
        if (failure is not RpcException e)
        {
            // Cancelled without the caller asking: the channel was closed under the call (a reset, a node given up on).
            return failure is OperationCanceledException
                ? new KurrentDbException(KurrentDbError.Unavailable, "The connection to KurrentDB was closed under the call.", failure)
                : failure;
        }

        var key = e.Trailers.GetValue(ExceptionKey);
        var stream = e.Trailers.GetValue("stream-name") ?? streamId;
        return key switch
        {
            "wrong-expected-version" when stream is not null =>
                new WrongExpectedVersionException(stream, expected ?? ExpectedVersion.Any, ParseVersion(e.Trailers.GetValue("actual-version"))),
            "not-leader" => new KurrentDbException(KurrentDbError.NotLeader, $"The KurrentDB node is not the leader ({e.Status.Detail}).", e) { Leader = LeaderOf(e) },
            "stream-deleted" => new KurrentDbException(KurrentDbError.StreamDeleted, $"Stream '{stream}' is deleted in KurrentDB.", e),
            "stream-not-found" => new KurrentDbException(KurrentDbError.StreamNotFound, $"Stream '{stream}' is not found in KurrentDB.", e),
            "access-denied" => new KurrentDbException(KurrentDbError.AccessDenied, "KurrentDB denied access; check the user in the connection string and the stream's ACL.", e),
            "maximum-append-size-exceeded" or "maximum-append-event-size-exceeded" =>
                new KurrentDbException(KurrentDbError.MaximumAppendSizeExceeded, $"The append to '{stream}' is larger than KurrentDB accepts ({e.Status.Detail}).", e),
            "missing-required-metadata-property" =>
                new KurrentDbException(KurrentDbError.InvalidArgument, $"KurrentDB refused an event without its required metadata ({e.Status.Detail}).", e),
            _ => e.StatusCode switch
            {
                // Cancelled without our token: the server or the connection ended the call.
                StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal =>
                    new KurrentDbException(KurrentDbError.Unavailable, $"KurrentDB is unavailable ({e.StatusCode}: {e.Status.Detail}).", e),
                StatusCode.DeadlineExceeded or StatusCode.Aborted =>
                    new KurrentDbException(KurrentDbError.Timeout, $"KurrentDB did not complete in time ({e.StatusCode}: {e.Status.Detail}).", e),
                StatusCode.Unauthenticated =>
                    new KurrentDbException(KurrentDbError.Unauthenticated, "KurrentDB did not accept the credentials of the connection string.", e),
                StatusCode.PermissionDenied =>
                    new KurrentDbException(KurrentDbError.AccessDenied, "KurrentDB denied access; check the user in the connection string and the stream's ACL.", e),
                StatusCode.NotFound => new KurrentDbException(KurrentDbError.StreamNotFound, $"KurrentDB: not found ({e.Status.Detail}).", e),
                StatusCode.InvalidArgument => new KurrentDbException(KurrentDbError.InvalidArgument, $"KurrentDB refused the request ({e.Status.Detail}).", e),
                _ => new KurrentDbException(KurrentDbError.Unknown, $"KurrentDB failed ({e.StatusCode}: {e.Status.Detail}).", e),
            },
        };
    }

    /// <summary>True for failures that another node, or the same one a moment later, may not have.</summary>
    public static bool IsTransient(Exception e) => e is KurrentDbException { Error: KurrentDbError.Unavailable or KurrentDbError.NotLeader or KurrentDbError.Timeout };

    private static DnsEndPoint? LeaderOf(RpcException e) =>
        e.Trailers.GetValue("leader-endpoint-host") is { Length: > 0 } host
        && int.TryParse(e.Trailers.GetValue("leader-endpoint-port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new DnsEndPoint(host, port)
            : null;

    private static long? ParseVersion(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var version) && version >= 0 ? version : null;
}
