using System.Text.Json;
using Npgsql;
using WellWon.Companies.Contracts;
using WellWon.Companies.Domain;
using WellWon.Companies.ReadModel;
using WellWon.Platform.EventStore;
using WellWon.Platform.Kernel;
using WellWon.Platform.Projections;
using WellWon.Platform.Tenancy;

namespace WellWon.Companies.Tests.ReadModel;

/// <summary>
/// Every Companies projection, on a real PostgreSQL: the log of two busy companies applied in order, and the same log shuffled
/// and with repeats (as sync runs and the event processor's redeliveries deliver it), must give identical tables; the in-order
/// tables must say what the log says.
/// </summary>
public sealed class ProjectionConvergenceTests(CompaniesDatabase database) : IClassFixture<CompaniesDatabase>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Owner = Guid.CreateVersion7();
    private static readonly Guid Admin = Guid.CreateVersion7();
    private static readonly Guid Ivan = Guid.CreateVersion7();
    private static readonly Guid Olga = Guid.CreateVersion7();
    private static readonly Guid Staff = Guid.CreateVersion7();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Any_order_and_any_repetition_of_the_events_gives_the_same_tables()
    {
        var log = History();
        foreach (var projection in Projections())
        {
            var inOrder = projection.Table.WithSuffix("__ord");
            var shuffled = projection.Table.WithSuffix("__shf");
            await projection.CreateTableAsync(inOrder, Ct);
            await projection.CreateTableAsync(shuffled, Ct);
            foreach (var e in log.Where(e => projection.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, inOrder, Ct);
            }

            for (var seed = 1; seed <= 25; seed++)
            {
                await ExecuteAsync($"TRUNCATE {shuffled}");
                var random = new Random(seed);
                // Every event at least once, a third of them twice, all in a random order.
                var deliveries = log.Concat(log.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
                foreach (var e in deliveries.Where(e => projection.EventTypes.Contains(e.EventType)))
                {
                    await projection.ApplyAsync(e, shuffled, Ct);
                }

                Assert.True(await CountAsync($"SELECT count(*) FROM {inOrder}") > 0);
                Assert.Equal(0, await CountAsync($"SELECT count(*) FROM ((TABLE {inOrder} EXCEPT TABLE {shuffled}) UNION ALL (TABLE {shuffled} EXCEPT TABLE {inOrder})) AS d"));
            }
        }
    }

    [Fact]
    public async Task The_tables_say_what_the_log_says()
    {
        var log = History();
        foreach (var projection in Projections())
        {
            foreach (var e in log.Where(e => projection.EventTypes.Contains(e.EventType)))
            {
                await projection.ApplyAsync(e, Ct);
            }
        }

        var reader = new CompanyReader(database.DataSource);
        var access = new ParticipantAccess(database.DataSource);
        var teaId = CompanyOf(log, "Tea & Coffee LLC");
        var tea = (await reader.GetAsync(teaId, Ct))!;
        Assert.Equal(("Tea & Coffee LLC", "RU", "500100732259", CompanyStatuses.Archived), (tea.Name, tea.Country, tea.TaxId, tea.Status));
        Assert.Equal(new CompanyAddress("Vavilova 19", null, "Moscow", "117312", null, "RU"), tea.Address);

        // Ivan was removed and invited again, as a viewer; Olga left; the admin was made a manager.
        Assert.Equal(
            [(Owner, CompanyRoles.Owner), (Admin, CompanyRoles.Manager), (Ivan, CompanyRoles.Viewer)],
            (await reader.ParticipantsAsync(teaId, Ct)).Select(p => (p.UserId, p.Role)).ToList());
        Assert.Equal(CompanyRole.Viewer, await access.RoleOfAsync(Ivan, teaId, Ct));
        Assert.Null(await access.RoleOfAsync(Olga, teaId, Ct));
        Assert.False(await access.IsParticipantAsync(Staff, teaId, Ct));

        var invitations = await reader.InvitationsAsync(teaId, T0.AddDays(30), Ct);
        Assert.Equal(
            ["accepted", "accepted", "declined", "revoked", "accepted", "accepted", "expired"],
            invitations.OrderBy(i => i.CreatedAt).Select(i => i.Status).ToList());
        Assert.Equal(Admin, invitations.OrderBy(i => i.CreatedAt).First().RespondedBy);

        var mine = await reader.CompaniesOfAsync(Ivan, Ct);
        Assert.Equal(["Silk Road Forwarding", "Tea & Coffee LLC"], mine.Select(c => c.Name).ToList());
        Assert.Equal([CompanyRoles.Admin, CompanyRoles.Viewer], mine.Select(c => c.Role).ToList());
        Assert.Empty(await reader.CompaniesOfAsync(Olga, Ct));
    }

    private IRebuildableProjection[] Projections() => [database.Directory, database.Participants, database.Invitations];

    /// <summary>Two companies' streams, written through the aggregate as the handlers would, as the store would record them.</summary>
    private List<RecordedEvent> History()
    {
        var log = new List<RecordedEvent>();

        var tea = Company.Create(Guid.CreateVersion7(), Owner, new CompanyDetails("Tea Importers LLC", "RU", CompanyTypes.Importer, "7707083893"), T0);
        var t = T0;
        Join(tea, Owner, Admin, "admin@example.com", CompanyRole.Admin, t = t.AddHours(1));
        Join(tea, Owner, Ivan, "ivan@example.com", CompanyRole.Member, t = t.AddHours(1));
        var (declined, declinedToken) = Invite(tea, Admin, "nobody@example.com", CompanyRole.Member, t = t.AddHours(1));
        tea.DeclineInvitation(declined, declinedToken, Guid.CreateVersion7(), "nobody@example.com", t);
        var (revoked, _) = Invite(tea, Admin, "late@example.com", CompanyRole.Viewer, t = t.AddHours(1));
        tea.RevokeInvitation(Owner, revoked, t);
        Join(tea, Admin, Olga, "olga@example.com", CompanyRole.Member, t = t.AddHours(1));
        tea.UpdateDetails(Admin, new CompanyChanges(Name: "Tea & Coffee LLC", TaxId: "500100732259", Address: new CompanyAddress("Vavilova 19", null, "Moscow", "117312", null, "RU")), t = t.AddHours(1));
        tea.RemoveParticipant(Olga, Olga, t = t.AddHours(1));
        tea.RemoveParticipant(Admin, Ivan, t = t.AddHours(1));
        Join(tea, Owner, Ivan, "ivan@example.com", CompanyRole.Viewer, t = t.AddHours(1));
        tea.ChangeRole(Owner, Admin, CompanyRole.Manager, t = t.AddHours(1));
        Invite(tea, Owner, "never@example.com", CompanyRole.Member, t = t.AddHours(1));
        tea.Suspend(Staff, "documents missing", t = t.AddHours(1));
        tea.Reactivate(Staff, t = t.AddHours(1));
        tea.Archive(Owner, t.AddHours(1));
        Record(log, tea);

        var silk = Company.Create(Guid.CreateVersion7(), Owner, new CompanyDetails("Silk Road Forwarding", "KZ", CompanyTypes.Forwarder, "123456789012"), T0);
        Join(silk, Owner, Ivan, "ivan@example.com", CompanyRole.Admin, T0.AddHours(2));
        Record(log, silk);
        return log;
    }

    private static (Guid Id, string Token) Invite(Company company, Guid by, string email, CompanyRole role, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        var token = InvitationToken.Issue(company.Id);
        company.Invite(by, id, email, role, InvitationToken.Hash(token), at.AddDays(7), at);
        return (id, token);
    }

    private static void Join(Company company, Guid by, Guid userId, string email, CompanyRole role, DateTimeOffset at)
    {
        var (id, token) = Invite(company, by, email, role, at);
        company.AcceptInvitation(id, token, userId, email, at.AddMinutes(5));
    }

    private void Record(List<RecordedEvent> log, Company company)
    {
        var stream = StreamName.For<Company>(company.Id);
        for (var version = 0; version < company.Changes.Count; version++)
        {
            var e = company.Changes[version];
            var position = log.Count + 1;
            log.Add(new RecordedEvent(
                position, stream, version, Guid.CreateVersion7(), database.Registry.NameOf(e.GetType()), database.Registry.Serialize(e),
                new EventMetadata { TenantId = company.Id }, T0, (ulong)position));
        }
    }

    private static Guid CompanyOf(List<RecordedEvent> log, string name) =>
        log.Where(e => e.EventType == "companies.company-details-updated.v1" && e.Data.GetProperty("name").GetString() == name)
            .Select(e => e.Data.GetProperty("companyId").GetGuid()).Single();

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
