using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WellWon.Identity.Contracts;
using WellWon.Identity.Domain;
using WellWon.Identity.Security;
using WellWon.Identity.Shredding;
using WellWon.Platform.Kernel;

namespace WellWon.Identity.Tests.Domain;

/// <summary>What the domain tests share: a real (but cheap) password hasher, a real cipher, a fixed clock and account histories.</summary>
internal static class DomainFixture
{
    public const string Password = "correct horse battery";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    // The real PBKDF2 hasher with few iterations: the rules are under test, not the hashing cost.
    public static readonly IPasswordHasher Hasher =
        new AspNetPasswordHasher(new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })));

    public static readonly Email AnnEmail = Email.Parse("Ann.Importer@Example.com");

    public static PersonalDataCipher CipherFor(Guid userId) => new(userId, RandomNumberGenerator.GetBytes(32));

    /// <summary>A freshly registered account (its creation events pending) and the cipher holding its key.</summary>
    public static (UserAccount Account, PersonalDataCipher Cipher) NewAccount(string userType = UserTypes.Entrepreneur)
    {
        var id = Guid.NewGuid();
        var cipher = CipherFor(id);
        var account = UserAccount.Create(
            id, 42, userType, AnnEmail, Guid.NewGuid(), new PersonalProfile("Ann", "Importer", null, "Imports tea", "+7 495 000 00 00"),
            Password, Hasher, cipher, Now);
        return (account, cipher);
    }

    /// <summary>An account loaded from its creation plus <paramref name="more"/> events, with nothing pending.</summary>
    public static (UserAccount Account, PersonalDataCipher Cipher) Given(Func<Guid, IEnumerable<IDomainEvent>>? more = null)
    {
        var (created, cipher) = NewAccount();
        var history = created.Changes.Concat(more?.Invoke(created.Id) ?? []).ToList();
        IAggregate account = new UserAccount();
        account.Load(created.Id, history.Count - 1, history);
        return ((UserAccount)account, cipher);
    }

    public static DomainException Refused(Action action, string code)
    {
        var e = Assert.ThrowsAny<DomainException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }
}
