using WellWon.Companies.Contracts;
using WellWon.Companies.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Tests.Domain;

/// <summary>What the domain tests share: a fixed clock, the people in a company, and companies built from their histories.</summary>
internal static class CompanyFixture
{
    public const string Sberbank = "7707083893";
    public const string InvitedEmail = "ivan.petrov@example.com";

    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static readonly Guid CompanyId = Guid.Parse("0193a8f0-0000-7000-8000-000000000001");
    public static readonly Guid Owner = Guid.Parse("0193a8f0-0000-7000-8000-0000000000a1");
    public static readonly Guid SecondOwner = Guid.Parse("0193a8f0-0000-7000-8000-0000000000a2");
    public static readonly Guid Admin = Guid.Parse("0193a8f0-0000-7000-8000-0000000000b1");
    public static readonly Guid SecondAdmin = Guid.Parse("0193a8f0-0000-7000-8000-0000000000b2");
    public static readonly Guid Manager = Guid.Parse("0193a8f0-0000-7000-8000-0000000000c1");
    public static readonly Guid Member = Guid.Parse("0193a8f0-0000-7000-8000-0000000000d1");
    public static readonly Guid Viewer = Guid.Parse("0193a8f0-0000-7000-8000-0000000000e1");
    public static readonly Guid Stranger = Guid.Parse("0193a8f0-0000-7000-8000-0000000000f1");
    public static readonly Guid Invitee = Guid.Parse("0193a8f0-0000-7000-8000-0000000000f2");

    public static CompanyDetails Details(string country = "RU", string? taxId = Sberbank) =>
        new("Tea Importers LLC", country, CompanyTypes.Importer, taxId, new CompanyAddress("Vavilova 19", null, "Moscow", "117312", null, country));

    public static IDomainEvent Created() =>
        new CompanyCreated(CompanyId, "Tea Importers LLC", "RU", CompanyTypes.Importer, Sberbank, null, Owner, Now.AddDays(-10));

    public static IDomainEvent Joined(Guid userId, CompanyRole role) =>
        new ParticipantAdded(CompanyId, userId, CompanyRoles.NameOf(role), Now.AddDays(-9));

    /// <summary>A company with an owner, an admin, a manager, a member and a viewer, plus <paramref name="more"/>; nothing pending.</summary>
    public static Company Staffed(params IDomainEvent[] more) =>
        Given([
            Created(),
            Joined(Admin, CompanyRole.Admin),
            Joined(Manager, CompanyRole.Manager),
            Joined(Member, CompanyRole.Member),
            Joined(Viewer, CompanyRole.Viewer),
            .. more,
        ]);

    public static Company Given(params IDomainEvent[] history)
    {
        IAggregate company = new Company();
        company.Load(CompanyId, history.Length - 1, history);
        return (Company)company;
    }

    /// <summary>Issues an invitation the way the handler does and returns its id and token; the events stay pending on <paramref name="company"/>.</summary>
    public static (Guid Id, string Token) Invite(Company company, Guid by, string email = InvitedEmail, CompanyRole role = CompanyRole.Member, TimeSpan? lifetime = null)
    {
        var id = Guid.NewGuid();
        var token = InvitationToken.Issue(company.Id);
        company.Invite(by, id, email, role, InvitationToken.Hash(token), Now + (lifetime ?? TimeSpan.FromDays(7)), Now);
        return (id, token);
    }

    public static DomainException Refused(Action action, string code)
    {
        var e = Assert.ThrowsAny<DomainException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }
}
