using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.ReadModel;
using WellWon.Identity.Sessions;
using WellWon.Identity.Shredding;
using WellWon.Identity.Tests.Domain;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Tests.Storage;

/// <summary>Identity's tables against the real PostgreSQL: keys, sessions, one-time codes and the profile projection.</summary>
public sealed class IdentityStorageTests(IdentityDatabase db) : IClassFixture<IdentityDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private UserKeyStore Keys => db.Services.GetRequiredService<UserKeyStore>();

    private SessionStore Sessions => db.Services.GetRequiredService<SessionStore>();

    private OneTimeTokenStore Tokens => db.Services.GetRequiredService<OneTimeTokenStore>();

    [Fact]
    public async Task A_destroyed_key_is_gone_for_good()
    {
        var userId = Guid.NewGuid();
        var cipher = await Keys.GetOrCreateAsync(userId, Ct);
        var name = cipher.Seal("Ann");

        Assert.Equal("Ann", (await Keys.GetAsync(userId, Ct)).Open(name));
        Assert.Equal("Ann", (await Keys.GetOrCreateAsync(userId, Ct)).Open(name));

        await Keys.DestroyAsync(userId, Ct);
        await Keys.DestroyAsync(userId, Ct);

        Assert.Null((await Keys.GetAsync(userId, Ct)).Open(name));
        Assert.True((await Keys.GetOrCreateAsync(userId, Ct)).IsErased);
        await using var raw = db.DataSource.CreateCommand("SELECT wrapped_key IS NULL AND destroyed_at IS NOT NULL FROM identity.user_keys WHERE user_id = $1");
        raw.Parameters.Add(new NpgsqlParameter { Value = userId });
        Assert.Equal(true, await raw.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Refresh_tokens_rotate_once_and_a_reused_one_revokes_the_family()
    {
        var userId = Guid.NewGuid();
        var first = await Sessions.StartAsync(userId, Ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Sessions.RotateAsync(first.Token, Ct)));
        var second = Assert.Single(attempts, a => a is not null)!;
        Assert.Equal(first.SessionId, second.SessionId);

        // The losers presented a spent token: the family, the winner's new token included, is revoked.
        Assert.Null(await Sessions.RotateAsync(second.Token, Ct));
        Assert.Null(await Sessions.RotateAsync("unknown-token", Ct));
    }

    [Fact]
    public async Task Revoking_all_but_one_session_keeps_that_one()
    {
        var userId = Guid.NewGuid();
        var keep = await Sessions.StartAsync(userId, Ct);
        var other = await Sessions.StartAsync(userId, Ct);

        await Sessions.RevokeAllAsync(userId, keep.SessionId, Ct);

        Assert.Null(await Sessions.RotateAsync(other.Token, Ct));
        Assert.NotNull(await Sessions.RotateAsync(keep.Token, Ct));
    }

    [Fact]
    public async Task A_one_time_code_works_once_for_its_purpose_and_a_new_one_retires_the_old()
    {
        var userId = Guid.NewGuid();
        var old = await Tokens.IssueAsync(userId, TokenPurpose.ResetPassword, TimeSpan.FromHours(1), Ct);
        var code = await Tokens.IssueAsync(userId, TokenPurpose.ResetPassword, TimeSpan.FromHours(1), Ct);

        Assert.Null(await Tokens.PeekAsync(old, TokenPurpose.ResetPassword, Ct));
        Assert.Null(await Tokens.PeekAsync(code, TokenPurpose.VerifyEmail, Ct));
        Assert.Equal(userId, await Tokens.PeekAsync(code, TokenPurpose.ResetPassword, Ct));

        var uses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Tokens.ConsumeAsync(code, TokenPurpose.ResetPassword, userId, Ct)));
        Assert.Single(uses, used => used);
        Assert.Null(await Tokens.PeekAsync(code, TokenPurpose.ResetPassword, Ct));

        var expired = await Tokens.IssueAsync(userId, TokenPurpose.VerifyEmail, TimeSpan.FromMilliseconds(-1), Ct);
        Assert.False(await Tokens.ConsumeAsync(expired, TokenPurpose.VerifyEmail, userId, Ct));
    }

    [Fact]
    public async Task The_profile_projection_fills_gaps_from_the_stream_and_ignores_what_it_has_seen()
    {
        var (account, stream) = await WriteAccountAsync(withDeletion: false);
        var events = db.Services.GetRequiredService<IEventStore>();
        var projection = db.Services.GetRequiredService<UserProfileProjection>();
        var recorded = await ReadAsync(events, stream);

        // Only the last event: the projection reads the ones before it from the stream.
        await projection.ApplyAsync(recorded[^1], Ct);
        // Old and repeated events change nothing.
        await projection.ApplyAsync(recorded[0], Ct);
        await projection.ApplyAsync(recorded[^1], Ct);

        var profile = await new UserProfileReader(db.DataSource).GetAsync(account, Ct);
        Assert.NotNull(profile);
        Assert.Equal("Exporter", profile.LastName);
        Assert.Equal("Ann", profile.FirstName);
        Assert.Null(profile.Phone);
        Assert.Equal("ann.importer@example.com", profile.Email);
        Assert.True(profile.EmailVerified);
        await using var version = db.DataSource.CreateCommand("SELECT version FROM identity.user_profiles WHERE id = $1");
        version.Parameters.Add(new NpgsqlParameter { Value = account });
        Assert.Equal(recorded[^1].StreamVersion, await version.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Replaying_an_erased_users_events_shows_no_personal_data()
    {
        var (account, stream) = await WriteAccountAsync(withDeletion: true);
        await Keys.DestroyAsync(account, Ct);
        var projection = db.Services.GetRequiredService<UserProfileProjection>();
        var recorded = await ReadAsync(db.Services.GetRequiredService<IEventStore>(), stream);

        // Replay up to just before the deletion: the fields are there, but erased.
        foreach (var e in recorded.Take(recorded.Count - 1))
        {
            await projection.ApplyAsync(e, Ct);
        }

        await using var select = db.DataSource.CreateCommand("SELECT email, first_name, last_name, bio, phone FROM identity.user_profiles WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = account });
        await using (var reader = await select.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct));
            Assert.True(reader.IsDBNull(0));
            Assert.Equal(UserProfileProjection.Erased, reader.GetString(1));
            Assert.Equal(UserProfileProjection.Erased, reader.GetString(2));
            Assert.True(reader.IsDBNull(3));
            Assert.True(reader.IsDBNull(4));
        }

        await projection.ApplyAsync(recorded[^1], Ct);
        Assert.Null(await new UserProfileReader(db.DataSource).GetAsync(account, Ct));
    }

    private async Task<(Guid Account, string Stream)> WriteAccountAsync(bool withDeletion)
    {
        var id = Guid.NewGuid();
        var cipher = await Keys.GetOrCreateAsync(id, Ct);
        var now = DomainFixture.Now;
        var account = UserAccount.Create(
            id, 7, UserTypes.Investor, DomainFixture.AnnEmail, Guid.NewGuid(), new PersonalProfile("Ann", "Importer", null, "Imports tea", "+7 495 000 00 00"),
            DomainFixture.Password, DomainFixture.Hasher, cipher, now);
        account.Authenticate("wrong password!", DomainFixture.Hasher, now);
        account.UpdateProfile(new ProfileChanges(LastName: "Exporter", Phone: ""), cipher, now);
        account.VerifyEmail(now);
        if (withDeletion)
        {
            account.Delete(DomainFixture.Password, DomainFixture.Hasher, now);
        }

        var registry = db.Services.GetRequiredService<EventTypeRegistry>();
        var stream = $"identity-user-{id:N}";
        await db.Services.GetRequiredService<IEventStore>().AppendAsync(
            stream,
            ExpectedVersion.NoStream,
            [.. account.Changes.Select(e => new EventData(Guid.NewGuid(), registry.NameOf(e.GetType()), registry.Serialize(e), EventMetadata.Empty))],
            Ct);
        return (id, stream);
    }

    private static async Task<List<RecordedEvent>> ReadAsync(IEventStore events, string stream)
    {
        var recorded = new List<RecordedEvent>();
        await foreach (var e in events.ReadStreamAsync(stream, 0, ReadDirection.Forwards, 100, Ct))
        {
            recorded.Add(e);
        }

        return recorded;
    }
}
