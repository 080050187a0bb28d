using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.ReadModel;
using WellWon.Identity.Shredding;
using WellWon.Identity.Tests.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;

namespace WellWon.Identity.Tests.Storage;

/// <summary><c>identity.user_profiles</c> rebuilt from the log by the platform's rebuild, next to the rows the live path wrote.</summary>
public sealed class UserProfileRebuildTests(IdentityDatabase db) : IClassFixture<IdentityDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private UserKeyStore Keys => db.Services.GetRequiredService<UserKeyStore>();

    private IEventStore Events => db.Services.GetRequiredService<IEventStore>();

    private UserProfileProjection Projection => db.Services.GetRequiredService<UserProfileProjection>();

    [Fact]
    public async Task A_rebuild_swaps_in_the_rows_the_live_path_wrote_with_the_migrations_shape_and_no_personal_data_of_an_erased_user()
    {
        // Ann: a full history, applied live with a gap (a sync run that timed out), so the projection fills it from the stream.
        var ann = await WriteAsync("Ann", "Importer", (a, cipher) =>
        {
            a.Authenticate("wrong password!", DomainFixture.Hasher, DomainFixture.Now);
            a.UpdateProfile(new ProfileChanges(LastName: "Exporter", AvatarUrl: "https://cdn.example.com/ann.png", Phone: ""), cipher, DomainFixture.Now.AddMinutes(1));
            a.VerifyEmail(DomainFixture.Now.AddMinutes(2));
            a.ChangeRole(UserTypes.Manager, Guid.NewGuid(), DomainFixture.Now.AddMinutes(3));
        });
        await ApplyLiveAsync(ann, onlyFirstAndLast: true);

        // Robert: deleted, then his key destroyed, as DeleteAccount does; the live rows were written while the key still existed.
        var robert = await WriteAsync("Robert", "Erasable", (a, cipher) =>
        {
            a.UpdateProfile(new ProfileChanges(Bio: "Ships machine parts"), cipher, DomainFixture.Now.AddMinutes(1));
            a.Delete(DomainFixture.Password, DomainFixture.Hasher, DomainFixture.Now.AddMinutes(2));
        });
        await ApplyLiveAsync(robert, onlyFirstAndLast: false);
        await Keys.DestroyAsync(robert, Ct);

        // Cid: events applied live one by one, one of them twice (a redelivery).
        var cid = await WriteAsync("Cid", "Trader", (a, cipher) => a.UpdateProfile(new ProfileChanges(FirstName: "Cidney"), cipher, DomainFixture.Now.AddMinutes(1)));
        await ApplyLiveAsync(cid, onlyFirstAndLast: false, repeatFirst: true);

        var live = await RowsAsync();
        var liveShape = await ShapeAsync();
        var liveOid = await ScalarAsync<uint>("SELECT 'identity.user_profiles'::regclass::oid");
        Assert.Equal(3, JsonDocument.Parse(live).RootElement.GetArrayLength());

        // Small batches, so the replay goes through several of them and the parallel streams of each.
        var rebuilder = new ProjectionRebuilder(Events, db.DataSource, Options.Create(new ProjectionRebuildOptions { BatchSize = 4 }), NullLogger<ProjectionRebuilder>.Instance);
        var result = await rebuilder.RebuildAsync(Projection, hooks: null, Ct);

        Assert.NotEqual(liveOid, await ScalarAsync<uint>("SELECT 'identity.user_profiles'::regclass::oid"));
        Assert.True(result.EventsApplied >= 10, $"{result.EventsApplied} events applied");
        Assert.Equal(live, await RowsAsync());
        // The migration's table and CreateTableSql's agree column for column and name for name (pkey and indexes), so
        // the integrity check compares like with like and a swap frees and takes the very names the migration gave.
        Assert.Equal(liveShape, await ShapeAsync());

        var erased = JsonDocument.Parse(await ScalarAsync<string>($"SELECT row_to_json(p)::text FROM identity.user_profiles p WHERE id = '{robert}'")).RootElement;
        Assert.True(erased.GetProperty("deleted").GetBoolean());
        foreach (var column in new[] { "email", "first_name", "last_name", "avatar_url", "bio", "phone" })
        {
            Assert.Equal(JsonValueKind.Null, erased.GetProperty(column).ValueKind);
        }

        var all = await RowsAsync();
        string[] robertsPersonalData = ["Robert", "Erasable", "machine parts"];
        Assert.DoesNotContain(robertsPersonalData, personal => all.Contains(personal, StringComparison.OrdinalIgnoreCase));
        var profile = await new UserProfileReader(db.DataSource).GetAsync(ann, Ct);
        Assert.Equal(("Ann", "Exporter", "https://cdn.example.com/ann.png", UserTypes.Manager, true), (profile!.FirstName, profile.LastName, profile.AvatarUrl, profile.UserType, profile.EmailVerified));
        Assert.Null(await new UserProfileReader(db.DataSource).GetAsync(robert, Ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"Rebuilt identity.user_profiles: {result.EventsScanned} events read, {result.EventsApplied} applied, in {result.Elapsed.TotalMilliseconds:F0} ms");
    }

    private async Task<Guid> WriteAsync(string firstName, string lastName, Action<UserAccount, PersonalDataCipher> history)
    {
        var id = Guid.NewGuid();
        var cipher = await Keys.GetOrCreateAsync(id, Ct);
        var account = UserAccount.Create(
            id, Random.Shared.NextInt64(1, 1_000_000), UserTypes.Investor, DomainFixture.AnnEmail, Guid.NewGuid(),
            new PersonalProfile(firstName, lastName, null, "Imports tea", "+7 495 000 00 00"), DomainFixture.Password, DomainFixture.Hasher, cipher, DomainFixture.Now);
        history(account, cipher);

        var registry = db.Services.GetRequiredService<EventTypeRegistry>();
        await Events.AppendAsync(
            Stream(id),
            ExpectedVersion.NoStream,
            [.. account.Changes.Select(e => new EventData(Guid.NewGuid(), registry.NameOf(e.GetType()), registry.Serialize(e), EventMetadata.Empty))],
            Ct);
        return id;
    }

    private async Task ApplyLiveAsync(Guid id, bool onlyFirstAndLast, bool repeatFirst = false)
    {
        var recorded = new List<RecordedEvent>();
        await foreach (var e in Events.ReadStreamAsync(Stream(id), 0, ReadDirection.Forwards, 100, Ct))
        {
            recorded.Add(e);
        }

        var applied = onlyFirstAndLast ? [recorded[0], recorded[^1]] : recorded;
        foreach (var e in applied)
        {
            // The live path: IProjection.ApplyAsync, as the Api's sync run and the event processor call it.
            await ((IProjection)Projection).ApplyAsync(e, Ct);
        }

        if (repeatFirst)
        {
            await ((IProjection)Projection).ApplyAsync(recorded[0], Ct);
        }
    }

    private static string Stream(Guid id) => $"identity-user-{id:N}";

    private Task<string> RowsAsync() =>
        ScalarAsync<string>("SELECT coalesce(json_agg(row_to_json(p) ORDER BY p.id)::text, '[]') FROM identity.user_profiles p");

    /// <summary>Columns (type, nullability, default), index definitions and constraint names of the live table.</summary>
    private Task<string> ShapeAsync() => ScalarAsync<string>("""
        SELECT
            (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY a.attnum)
             FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = 'identity.user_profiles'::regclass AND a.attnum > 0 AND NOT a.attisdropped)
            || E'\n' || (SELECT string_agg(indexdef, E'\n' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'identity' AND tablename = 'user_profiles')
            || E'\n' || (SELECT string_agg(conname || ' ' || contype::text, ', ' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'identity.user_profiles'::regclass)
        """);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
