using System.Diagnostics;
using Npgsql;
using WellWon.Platform.Projections;
using WellWon.Reliability.Tests.Traffic;

namespace WellWon.Reliability.Tests.Checks;

/// <summary>Where <c>identity.user_profiles</c> stands against the log: accounts in the log, rows, rows at their stream's last version, recorded lag.</summary>
public sealed record ProfilesProgress(long Accounts, long Events, long Rows, long Current, long? Lag)
{
    public bool CaughtUp => Accounts > 0 && Rows == Accounts && Current == Accounts && Lag == 0;

    public override string ToString() => $"{Current}/{Accounts} rows current ({Rows} present) of {Events} account events, recorded lag {Lag?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}

/// <summary>
/// The async projection <c>identity.user-profiles</c> against the truth: the log (one row per account stream, at its last version)
/// and what the traffic had accepted (each user's last value of every field).
/// </summary>
public static class UserProfilesCheck
{
    public const string Projection = "identity.user-profiles";

    // "identity-user-" + the account id in "N" format; PostgreSQL reads that as a uuid.
    private const string ProgressSql = """
        WITH heads AS (
            SELECT stream_id, max(stream_version) AS version
            FROM event_store.events WHERE stream_id LIKE 'identity-user-%' GROUP BY stream_id)
        SELECT count(*), coalesce(sum(h.version + 1), 0)::bigint, count(p.id), count(*) FILTER (WHERE p.version = h.version)
        FROM heads h LEFT JOIN identity.user_profiles p ON p.id = substring(h.stream_id FROM 15)::uuid
        """;

    public static async Task<ProfilesProgress> ReadAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var command = db.CreateCommand(ProgressSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var accounts = reader.GetInt64(0);
        var events = reader.GetInt64(1);
        var rows = reader.GetInt64(2);
        var current = reader.GetInt64(3);
        await reader.DisposeAsync();
        var state = await new ProjectionStateStore(db).FindAsync(Projection, ct);
        return new ProfilesProgress(accounts, events, rows, current, state?.Lag);
    }

    /// <summary>Waits until every account's row is at its stream's last version and the worker's recorded lag is 0.</summary>
    public static async Task<ProfilesProgress> WaitCaughtUpAsync(NpgsqlDataSource db, TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var progress = await ReadAsync(db, ct);
            if (progress.CaughtUp)
            {
                return progress;
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{Projection} did not catch up within {timeout.TotalSeconds} s: {progress}");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// Waits until the rows move on from where they stand at the first answer of the database (their versions' sum grows): with the
    /// Api not projecting, the moment the worker applies events again, give or take one poll. No answer counts as no progress.
    /// </summary>
    public static async Task WaitForProgressAsync(NpgsqlDataSource db, TimeSpan timeout, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        long? from = null;
        while (true)
        {
            var sum = await TrySumOfVersionsAsync(db, ct);
            if (sum is not null && from is not null && sum > from)
            {
                return;
            }

            from ??= sum;
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"{Projection} did not move on within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(100, ct);
        }
    }

    /// <summary>The sum of the rows' versions (one number that grows with every applied event), or null when the database does not answer.</summary>
    public static async Task<long?> TrySumOfVersionsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT coalesce(sum(version), 0)::bigint FROM identity.user_profiles");
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>Exactly one row per registered user, none for anyone else, each at its stream's last version with the last accepted values.</summary>
    public static async Task AssertMatchesAsync(NpgsqlDataSource db, IReadOnlyList<TrafficUser> users, CancellationToken ct)
    {
        var heads = new Dictionary<Guid, long>();
        await using (var command = db.CreateCommand(
            "SELECT substring(stream_id FROM 15)::uuid, max(stream_version) FROM event_store.events WHERE stream_id LIKE 'identity-user-%' GROUP BY stream_id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                heads.Add(reader.GetGuid(0), reader.GetInt64(1));
            }
        }

        var rows = new List<(Guid Id, long Version, string? First, string? Last, string? Bio, string? Phone, bool Deleted)>();
        await using (var command = db.CreateCommand("SELECT id, version, first_name, last_name, bio, phone, deleted FROM identity.user_profiles"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetGuid(0), reader.GetInt64(1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5), reader.GetBoolean(6)));
            }
        }

        var problems = new List<string>();
        var byId = rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.ToList());
        problems.AddRange(byId.Where(g => g.Value.Count > 1).Select(g => $"{g.Key}: {g.Value.Count} rows"));
        var expected = users.ToDictionary(u => u.Id);
        problems.AddRange(heads.Keys.Where(id => !expected.ContainsKey(id)).Select(id => $"{id}: an account in the log the traffic did not register"));
        foreach (var user in users)
        {
            if (!byId.TryGetValue(user.Id, out var found))
            {
                problems.Add($"{user.Id} (user {user.Number}): no row");
                continue;
            }

            var row = found[0];
            var head = heads.GetValueOrDefault(user.Id, -1);
            if (row.Version != head)
            {
                problems.Add($"{user.Id} (user {user.Number}): row at version {row.Version}, stream at {head}");
            }

            if (row.First != user.FirstName || row.Last != user.LastName || row.Bio != user.Bio || row.Phone != user.Phone || row.Deleted)
            {
                problems.Add($"{user.Id} (user {user.Number}): row ({row.First}, {row.Last}, {row.Bio}, {row.Phone}, deleted {row.Deleted}) " +
                             $"but the last accepted values are ({user.FirstName}, {user.LastName}, {user.Bio}, {user.Phone})");
            }
        }

        problems.AddRange(byId.Keys.Where(id => !expected.ContainsKey(id)).Select(id => $"{id}: a row for nobody the traffic registered"));
        Assert.True(problems.Count == 0, $"{problems.Count} problems in identity.user_profiles:\n{string.Join('\n', problems.Take(30))}");
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
