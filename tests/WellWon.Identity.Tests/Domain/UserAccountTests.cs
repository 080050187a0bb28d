using System.Text.Json;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Platform.Kernel;
using static WellWon.Identity.Tests.Domain.DomainFixture;

namespace WellWon.Identity.Tests.Domain;

public sealed class UserAccountTests
{
    [Fact]
    public void Registration_records_creation_and_password_with_every_personal_field_sealed()
    {
        var (account, cipher) = NewAccount();

        var created = Assert.IsType<UserAccountCreated>(account.Changes[0]);
        Assert.IsType<PasswordChanged>(account.Changes[1]);
        Assert.Equal("ann.importer@example.com", cipher.Open(created.Email));
        Assert.Equal("Ann", cipher.Open(created.FirstName));
        Assert.Equal("Imports tea", cipher.Open(created.Bio));
        Assert.Null(created.AvatarUrl);
        Assert.Equal(UserTypes.Entrepreneur, created.UserType);
        Assert.Equal(42, created.UserNumber);

        var registry = new EventTypeRegistry([typeof(UserAccount).Assembly]);
        var json = string.Join('\n', account.Changes.Select(e => registry.Serialize(e).GetRawText()));
        // Long enough that random base64 cannot contain them by chance.
        foreach (var plain in new[] { "ann.importer@example.com", "Importer", "Imports tea", "495 000", Password })
        {
            Assert.DoesNotContain(plain, json, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("short")]
    [InlineData("123456789")]
    public void Password_shorter_than_ten_characters_is_refused(string password) =>
        Refused(() => Create(password), "identity.password-too-short");

    [Theory]
    [InlineData("ann.importer@example.com")]
    [InlineData("  ANN.Importer@example.COM ")]
    public void Password_that_is_the_email_is_refused(string password) =>
        Refused(() => Create(password), "identity.password-is-email");

    [Fact]
    public void Names_are_required_and_user_type_must_exist()
    {
        var id = Guid.NewGuid();
        Refused(
            () => UserAccount.Create(id, 1, UserTypes.Investor, AnnEmail, Guid.NewGuid(), new PersonalProfile(" ", "Importer"), Password, Hasher, CipherFor(id), Now),
            "identity.name-required");
        Refused(
            () => UserAccount.Create(id, 1, "superuser", AnnEmail, Guid.NewGuid(), new PersonalProfile("Ann", "Importer"), Password, Hasher, CipherFor(id), Now),
            "identity.user-type-invalid");
    }

    [Fact]
    public void Right_password_authenticates()
    {
        var (account, _) = Given();

        var outcome = account.Authenticate(Password, Hasher, Now);

        Assert.Equal(LoginResult.Succeeded, outcome.Result);
        Assert.IsType<UserAuthenticated>(Assert.Single(account.Changes));
    }

    [Fact]
    public void Wrong_password_is_recorded_as_a_failed_login()
    {
        var (account, _) = Given();

        var outcome = account.Authenticate("wrong password!", Hasher, Now);

        Assert.Equal(LoginResult.WrongPassword, outcome.Result);
        Assert.Equal(new LoginFailed(account.Id, Now), Assert.Single(account.Changes));
    }

    [Fact]
    public void Five_failures_within_fifteen_minutes_lock_the_account_even_for_the_right_password()
    {
        var (account, _) = Given(id => Failures(id, Now, count: 5, every: TimeSpan.FromMinutes(2)));
        var at = Now.AddMinutes(9);

        var outcome = account.Authenticate(Password, Hasher, at);

        Assert.Equal(LoginResult.LockedOut, outcome.Result);
        // Unlocked when the first of the five leaves the window: Now + 15 min.
        Assert.Equal(TimeSpan.FromMinutes(6), outcome.RetryAfter);
        Assert.Empty(account.Changes);
    }

    [Fact]
    public void Failures_spread_over_more_than_the_window_do_not_lock()
    {
        var (account, _) = Given(id => Failures(id, Now, count: 5, every: TimeSpan.FromMinutes(4)));

        Assert.Null(account.LockedOutFor(Now.AddMinutes(16)));
        Assert.Equal(LoginResult.Succeeded, account.Authenticate(Password, Hasher, Now.AddMinutes(16)).Result);
    }

    [Fact]
    public void Lockout_ends_when_the_window_has_passed()
    {
        var (account, _) = Given(id => Failures(id, Now, count: 5, every: TimeSpan.FromSeconds(1)));

        Assert.NotNull(account.LockedOutFor(Now.AddMinutes(14)));
        Assert.Equal(LoginResult.Succeeded, account.Authenticate(Password, Hasher, Now.AddMinutes(15)).Result);
    }

    [Fact]
    public void Success_and_password_reset_clear_earlier_failures()
    {
        var (afterSuccess, _) = Given(id => [.. Failures(id, Now, 4, TimeSpan.FromSeconds(1)), new UserAuthenticated(id, Now.AddSeconds(5)), .. Failures(id, Now.AddSeconds(6), 4, TimeSpan.FromSeconds(1))]);
        var (afterReset, _) = Given(id => [.. Failures(id, Now, 5, TimeSpan.FromSeconds(1)), new PasswordReset(id, Hasher.Hash("brand new password"), Now.AddSeconds(6))]);

        Assert.Null(afterSuccess.LockedOutFor(Now.AddSeconds(20)));
        Assert.Null(afterReset.LockedOutFor(Now.AddSeconds(20)));
        Assert.Equal(LoginResult.Succeeded, afterReset.Authenticate("brand new password", Hasher, Now.AddSeconds(20)).Result);
    }

    [Fact]
    public void Changing_the_password_needs_the_current_one_and_follows_the_policy()
    {
        var (account, cipher) = Given();

        Refused(() => account.ChangePassword("not my password", "another long password", Hasher, cipher, Now), "identity.wrong-password");
        Refused(() => account.ChangePassword(Password, "too short", Hasher, cipher, Now), "identity.password-too-short");
        Refused(() => account.ChangePassword(Password, "ANN.IMPORTER@EXAMPLE.COM", Hasher, cipher, Now), "identity.password-is-email");
        Refused(() => account.ChangePassword(Password, Password, Hasher, cipher, Now), "identity.password-unchanged");
        Assert.Empty(account.Changes);

        account.ChangePassword(Password, "another long password", Hasher, cipher, Now);

        Assert.IsType<PasswordChanged>(Assert.Single(account.Changes));
        Assert.Equal(LoginResult.WrongPassword, account.Authenticate(Password, Hasher, Now).Result);
        Assert.Equal(LoginResult.Succeeded, account.Authenticate("another long password", Hasher, Now).Result);
    }

    [Fact]
    public void Reset_password_follows_the_policy()
    {
        var (account, cipher) = Given();

        Refused(() => account.ResetPassword("ann.importer@example.com", Hasher, cipher, Now), "identity.password-is-email");
        account.ResetPassword("a reset password", Hasher, cipher, Now);

        Assert.IsType<PasswordReset>(Assert.Single(account.Changes));
    }

    [Fact]
    public void Profile_update_seals_only_the_changed_fields()
    {
        var (account, cipher) = Given();

        account.UpdateProfile(new ProfileChanges(LastName: "Exporter", Phone: ""), cipher, Now);

        var updated = Assert.IsType<ProfileUpdated>(Assert.Single(account.Changes));
        Assert.Null(updated.FirstName);
        Assert.Equal("Exporter", cipher.Open(updated.LastName!.Value));
        Assert.Equal(string.Empty, cipher.Open(updated.Phone!.Value));
        Assert.Equal("Ann", cipher.Open(account.State.FirstName));
        Assert.Equal("Exporter", cipher.Open(account.State.LastName));
    }

    [Fact]
    public void Profile_update_needs_a_change_and_keeps_names()
    {
        var (account, cipher) = Given();

        Refused(() => account.UpdateProfile(new ProfileChanges(), cipher, Now), "identity.profile-unchanged");
        Refused(() => account.UpdateProfile(new ProfileChanges(FirstName: "  "), cipher, Now), "identity.name-required");
    }

    [Fact]
    public void Email_is_verified_once()
    {
        var (account, _) = Given();

        account.VerifyEmail(Now);

        Assert.True(account.State.EmailVerified);
        Refused(() => account.VerifyEmail(Now), "identity.email-already-verified");
        Assert.Single(account.Changes);
    }

    [Fact]
    public void Role_changes_are_recorded_once_by_someone_else()
    {
        var (account, _) = Given();
        var admin = Guid.NewGuid();

        account.ChangeRole(UserTypes.Manager, admin, Now);
        account.ChangeRole(UserTypes.Manager, admin, Now);

        Assert.Equal(new UserRoleChanged(account.Id, UserTypes.Entrepreneur, UserTypes.Manager, admin, Now), Assert.Single(account.Changes));
        Assert.Equal(UserTypes.Manager, account.State.UserType);
        Refused(() => account.ChangeRole(UserTypes.Admin, account.Id, Now), "identity.own-role");
        Refused(() => account.ChangeRole("root", admin, Now), "identity.user-type-invalid");
    }

    [Fact]
    public void Deletion_needs_the_password()
    {
        var (account, _) = Given();

        Refused(() => account.Delete("not my password", Hasher, Now), "identity.wrong-password");
        account.Delete(Password, Hasher, Now);

        Assert.Equal(new UserAccountDeleted(account.Id, Now), Assert.Single(account.Changes));
    }

    [Fact]
    public void Deleted_account_refuses_everything()
    {
        var (account, cipher) = Given(id => [new UserAccountDeleted(id, Now)]);
        var admin = Guid.NewGuid();

        Refused(() => account.Authenticate(Password, Hasher, Now), "identity.account-deleted");
        Refused(() => account.ChangePassword(Password, "another long password", Hasher, cipher, Now), "identity.account-deleted");
        Refused(() => account.ResetPassword("another long password", Hasher, cipher, Now), "identity.account-deleted");
        Refused(() => account.UpdateProfile(new ProfileChanges(FirstName: "Bob"), cipher, Now), "identity.account-deleted");
        Refused(() => account.VerifyEmail(Now), "identity.account-deleted");
        Refused(() => account.ChangeRole(UserTypes.Investor, admin, Now), "identity.account-deleted");
        Refused(() => account.Delete(Password, Hasher, Now), "identity.account-deleted");
        Assert.Empty(account.Changes);
    }

    [Fact]
    public void State_survives_a_snapshot_round_trip()
    {
        var (account, cipher) = Given(id => [.. Failures(id, Now, 3, TimeSpan.FromSeconds(1)), new EmailVerified(id, Now)]);

        var json = JsonSerializer.Serialize(account.State, EventTypeRegistry.JsonOptions);
        var back = JsonSerializer.Deserialize<UserAccountState>(json, EventTypeRegistry.JsonOptions)!;

        Assert.Equal(account.State.RecentFailures, back.RecentFailures);
        Assert.Equal("Ann", cipher.Open(back.FirstName));
        Assert.True(back.EmailVerified);
        Assert.Equal(account.State.PasswordHash, back.PasswordHash);
        // The appliers come back with the constructor: the restored state still folds events.
        Assert.True(back.When(new UserAccountDeleted(account.Id, Now)).Deleted);
    }

    private static UserAccount Create(string password)
    {
        var id = Guid.NewGuid();
        return UserAccount.Create(id, 1, UserTypes.Entrepreneur, AnnEmail, Guid.NewGuid(), new PersonalProfile("Ann", "Importer"), password, Hasher, CipherFor(id), Now);
    }

    private static IEnumerable<IDomainEvent> Failures(Guid id, DateTimeOffset from, int count, TimeSpan every) =>
        Enumerable.Range(0, count).Select(i => (IDomainEvent)new LoginFailed(id, from + (every * i)));
}
