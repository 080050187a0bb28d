using System.Text.Json;
using WellWon.Companies.Contracts;
using WellWon.Companies.Domain;
using WellWon.Platform.Kernel;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tenancy;
using static WellWon.Companies.Tests.Domain.CompanyFixture;

namespace WellWon.Companies.Tests.Domain;

public sealed class CompanyTests
{
    [Fact]
    public void Creation_records_normalised_details_and_makes_the_creator_the_owner()
    {
        var company = Company.Create(CompanyId, Owner, new CompanyDetails("  Tea Importers LLC ", "ru", CompanyTypes.Importer, " 7707083893 ", new CompanyAddress(" Vavilova 19 ", "", "Moscow", null, null, "ru")), Now);

        var created = Assert.IsType<CompanyCreated>(Assert.Single(company.Changes));
        Assert.Equal("Tea Importers LLC", created.Name);
        Assert.Equal("RU", created.Country);
        Assert.Equal(Sberbank, created.TaxId);
        Assert.Equal(new CompanyAddress("Vavilova 19", null, "Moscow", null, null, "RU"), created.Address);
        Assert.Equal(Owner, created.OwnerUserId);
        Assert.Equal(CompanyRole.Owner, company.RoleOf(Owner));
        Assert.Null(company.RoleOf(Stranger));
        Assert.Equal(CompanyStatuses.Active, company.State.Status);
    }

    [Theory]
    [InlineData("XX", CompanyTypes.Importer, null, CompanyErrors.CountryInvalid)]
    [InlineData("RUS", CompanyTypes.Importer, null, CompanyErrors.CountryInvalid)]
    [InlineData("RU", "bank", null, CompanyErrors.CompanyTypeInvalid)]
    [InlineData("RU", CompanyTypes.Importer, "7707083894", TaxIds.InvalidCode)]
    [InlineData("RU", CompanyTypes.Importer, "DE123456789", TaxIds.InvalidCode)]
    [InlineData("DE", CompanyTypes.Supplier, "DE 12", TaxIds.InvalidCode)]
    public void Creation_refuses_what_is_not_a_company(string country, string companyType, string? taxId, string code) =>
        Refused(() => Company.Create(CompanyId, Owner, new CompanyDetails("Tea Importers", country, companyType, taxId), Now), code);

    [Fact]
    public void Creation_needs_a_name_and_a_valid_address()
    {
        Refused(() => Company.Create(CompanyId, Owner, new CompanyDetails("  ", "RU", CompanyTypes.Importer), Now), CompanyErrors.NameInvalid);
        Refused(
            () => Company.Create(CompanyId, Owner, new CompanyDetails("Tea", "RU", CompanyTypes.Importer, null, new CompanyAddress("x", null, null, null, null, "Russia")), Now),
            CompanyErrors.AddressInvalid);
    }

    [Fact]
    public void An_admin_updates_details_and_an_empty_tax_id_removes_it()
    {
        var company = Staffed();

        company.UpdateDetails(Admin, new CompanyChanges(Name: "Tea & Coffee LLC", TaxId: ""), Now);

        var updated = Assert.IsType<CompanyDetailsUpdated>(Assert.Single(company.Changes));
        Assert.Equal("Tea & Coffee LLC", updated.Name);
        Assert.Null(updated.TaxId);
        Assert.Equal(Admin, updated.UpdatedBy);
    }

    [Fact]
    public void An_update_that_changes_nothing_records_nothing()
    {
        var company = Staffed();

        company.UpdateDetails(Owner, new CompanyChanges(Name: "Tea Importers LLC", TaxId: Sberbank), Now);

        Assert.Empty(company.Changes);
    }

    [Fact]
    public void Details_are_for_owners_and_admins_and_a_stranger_learns_nothing()
    {
        var company = Staffed();

        Assert.Throws<ForbiddenException>(() => company.UpdateDetails(Manager, new CompanyChanges(Name: "X"), Now));
        var notFound = Assert.Throws<NotFoundException>(() => company.UpdateDetails(Stranger, new CompanyChanges(Name: "X"), Now));
        Assert.Equal(CompanyAccessExtensions.CompanyNotFoundCode, notFound.Code);
    }

    [Fact]
    public void A_tax_id_is_checked_by_the_company_country_rules()
    {
        var company = Staffed();

        Assert.Throws<InvalidTaxIdException>(() => company.UpdateDetails(Owner, new CompanyChanges(TaxId: "7707083890"), Now));
        company.UpdateDetails(Owner, new CompanyChanges(TaxId: "500100732259"), Now);
        Assert.Equal("500100732259", Assert.IsType<CompanyDetailsUpdated>(Assert.Single(company.Changes)).TaxId);
    }

    [Fact]
    public void Only_an_owner_archives()
    {
        var company = Staffed();

        Assert.Throws<ForbiddenException>(() => company.Archive(Admin, Now));
        company.Archive(Owner, Now);

        Assert.IsType<CompanyArchived>(Assert.Single(company.Changes));
        Assert.Equal(CompanyStatuses.Archived, company.State.Status);
    }

    [Fact]
    public void An_archived_company_accepts_no_changes()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner);
        company.Archive(Owner, Now);

        Refused(() => company.UpdateDetails(Owner, new CompanyChanges(Name: "New"), Now), CompanyErrors.Archived);
        Refused(() => company.Archive(Owner, Now), CompanyErrors.Archived);
        Refused(() => Invite(company, Owner, "someone@example.com"), CompanyErrors.Archived);
        Refused(() => company.ChangeRole(Owner, Member, CompanyRole.Manager, Now), CompanyErrors.Archived);
        Refused(() => company.RemoveParticipant(Owner, Member, Now), CompanyErrors.Archived);
        Refused(() => company.RemoveParticipant(Member, Member, Now), CompanyErrors.Archived);
        Refused(() => company.RevokeInvitation(Owner, invitationId, Now), CompanyErrors.Archived);
        Refused(() => company.AcceptInvitation(invitationId, token, Invitee, InvitedEmail, Now), CompanyErrors.Archived);
        Refused(() => company.DeclineInvitation(invitationId, token, Invitee, InvitedEmail, Now), CompanyErrors.Archived);
        Refused(() => company.Suspend(Stranger, "late", Now), CompanyErrors.Archived);
    }

    [Fact]
    public void A_suspended_company_changes_nothing_until_reactivated()
    {
        var company = Staffed();
        var staff = Guid.NewGuid();

        company.Suspend(staff, " unpaid ", Now);
        Assert.Equal("unpaid", Assert.IsType<CompanySuspended>(Assert.Single(company.Changes)).Reason);
        Refused(() => company.UpdateDetails(Owner, new CompanyChanges(Name: "New"), Now), CompanyErrors.Suspended);
        Refused(() => Invite(company, Owner), CompanyErrors.Suspended);
        Refused(() => company.Archive(Owner, Now), CompanyErrors.Suspended);

        company.Reactivate(staff, Now);
        Refused(() => company.Reactivate(staff, Now), CompanyErrors.NotSuspended);
        company.UpdateDetails(Owner, new CompanyChanges(Name: "New"), Now);
        Assert.Equal(CompanyStatuses.Active, company.State.Status);
    }

    [Fact]
    public void An_invitation_is_for_a_normalised_address_with_a_role_up_to_the_inviter_own()
    {
        var company = Staffed();

        Invite(company, Admin, "  Ivan.Petrov@Example.COM ", CompanyRole.Admin);

        var issued = Assert.IsType<InvitationIssued>(Assert.Single(company.Changes));
        Assert.Equal(InvitedEmail, issued.Email);
        Assert.Equal(CompanyRoles.Admin, issued.Role);
        Assert.Equal(Now.AddDays(7), issued.ExpiresAt);
        Assert.Equal(64, issued.TokenHash.Length);
        Refused(() => Invite(company, Admin, "new.owner@example.com", CompanyRole.Owner), CompanyErrors.RoleAboveOwn);
        Refused(() => Invite(company, Owner, "not an address"), CompanyErrors.EmailInvalid);
    }

    [Fact]
    public void Only_owners_and_admins_invite()
    {
        var company = Staffed();

        Assert.Throws<ForbiddenException>(() => Invite(company, Manager));
        Assert.Equal(CompanyAccessExtensions.CompanyNotFoundCode, Assert.Throws<NotFoundException>(() => Invite(company, Stranger)).Code);
    }

    [Fact]
    public void One_open_invitation_per_address_until_it_expires()
    {
        var company = Staffed();
        Invite(company, Owner, lifetime: TimeSpan.FromDays(1));

        Refused(() => Invite(company, Owner, InvitedEmail.ToUpperInvariant()), CompanyErrors.InvitationAlreadyPending);
        company.Invite(Owner, Guid.NewGuid(), InvitedEmail, CompanyRole.Member, "hash", Now.AddDays(9), Now.AddDays(2));
        Assert.Equal(2, company.Changes.Count);
    }

    [Fact]
    public void The_invitee_accepts_with_the_token_and_joins_with_the_invited_role()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner, role: CompanyRole.Manager);

        var role = company.AcceptInvitation(invitationId, token, Invitee, "IVAN.PETROV@example.com", Now.AddDays(1));

        Assert.Equal(CompanyRole.Manager, role);
        var accepted = Assert.IsType<InvitationAccepted>(company.Changes[1]);
        Assert.Equal(Invitee, accepted.UserId);
        var added = Assert.IsType<ParticipantAdded>(company.Changes[2]);
        Assert.Equal((Invitee, CompanyRoles.Manager), (added.UserId, added.Role));
        Assert.Equal(CompanyRole.Manager, company.RoleOf(Invitee));
    }

    [Fact]
    public void A_token_answers_once()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner);
        company.AcceptInvitation(invitationId, token, Invitee, InvitedEmail, Now);

        Refused(() => company.AcceptInvitation(invitationId, token, Guid.NewGuid(), InvitedEmail, Now), CompanyErrors.InvitationNotPending);
        Refused(() => company.DeclineInvitation(invitationId, token, Invitee, InvitedEmail, Now), CompanyErrors.InvitationNotPending);
    }

    [Fact]
    public void A_wrong_token_or_unknown_invitation_is_not_found()
    {
        var company = Staffed();
        var (invitationId, _) = Invite(company, Owner);
        var (otherId, otherToken) = Invite(company, Owner, "other@example.com");

        Refused(() => company.AcceptInvitation(invitationId, otherToken, Invitee, InvitedEmail, Now), CompanyErrors.InvitationNotFound);
        Refused(() => company.AcceptInvitation(Guid.NewGuid(), otherToken, Invitee, InvitedEmail, Now), CompanyErrors.InvitationNotFound);
        Refused(() => company.DeclineInvitation(otherId, "x", Invitee, "other@example.com", Now), CompanyErrors.InvitationNotFound);
    }

    [Fact]
    public void Only_the_invited_address_accepts()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner);

        Refused(() => company.AcceptInvitation(invitationId, token, Invitee, "someone.else@example.com", Now), CompanyErrors.InvitationEmailMismatch);
        Refused(() => company.AcceptInvitation(invitationId, token, Invitee, null, Now), CompanyErrors.EmailUnknown);
        Refused(() => company.DeclineInvitation(invitationId, token, Invitee, "someone.else@example.com", Now), CompanyErrors.InvitationEmailMismatch);
    }

    [Fact]
    public void An_expired_invitation_cannot_be_answered()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner, lifetime: TimeSpan.FromDays(7));

        Refused(() => company.AcceptInvitation(invitationId, token, Invitee, InvitedEmail, Now.AddDays(7)), CompanyErrors.InvitationExpired);
        Refused(() => company.DeclineInvitation(invitationId, token, Invitee, InvitedEmail, Now.AddDays(8)), CompanyErrors.InvitationExpired);
        company.AcceptInvitation(invitationId, token, Invitee, InvitedEmail, Now.AddDays(7).AddTicks(-1));
    }

    [Fact]
    public void A_participant_cannot_accept_again()
    {
        var company = Staffed();
        var (invitationId, token) = Invite(company, Owner, "member@example.com");

        Refused(() => company.AcceptInvitation(invitationId, token, Member, "member@example.com", Now), CompanyErrors.AlreadyParticipant);
    }

    [Fact]
    public void A_declined_or_revoked_invitation_cannot_be_accepted()
    {
        var company = Staffed();
        var (declinedId, declinedToken) = Invite(company, Owner);
        company.DeclineInvitation(declinedId, declinedToken, Invitee, InvitedEmail, Now);
        Assert.IsType<InvitationDeclined>(company.Changes[^1]);
        Refused(() => company.AcceptInvitation(declinedId, declinedToken, Invitee, InvitedEmail, Now), CompanyErrors.InvitationNotPending);

        var (revokedId, revokedToken) = Invite(company, Owner);
        company.RevokeInvitation(Admin, revokedId, Now);
        Assert.IsType<InvitationRevoked>(company.Changes[^1]);
        Refused(() => company.AcceptInvitation(revokedId, revokedToken, Invitee, InvitedEmail, Now), CompanyErrors.InvitationNotPending);
        Refused(() => company.RevokeInvitation(Owner, revokedId, Now), CompanyErrors.InvitationNotPending);
    }

    [Fact]
    public void Revoking_is_for_owners_and_admins_up_to_their_own_role()
    {
        var company = Staffed();
        var (ownerInvitation, _) = Invite(company, Owner, "owner2@example.com", CompanyRole.Owner);

        Assert.Throws<ForbiddenException>(() => company.RevokeInvitation(Manager, ownerInvitation, Now));
        Refused(() => company.RevokeInvitation(Admin, ownerInvitation, Now), CompanyErrors.RoleAboveOwn);
        Refused(() => company.RevokeInvitation(Admin, Guid.NewGuid(), Now), CompanyErrors.InvitationNotFound);
        company.RevokeInvitation(Owner, ownerInvitation, Now);
    }

    [Fact]
    public void An_owner_changes_roles_and_the_change_is_recorded()
    {
        var company = Staffed();

        company.ChangeRole(Owner, Member, CompanyRole.Admin, Now);
        company.ChangeRole(Owner, Viewer, CompanyRole.Owner, Now);

        var changed = Assert.IsType<ParticipantRoleChanged>(company.Changes[0]);
        Assert.Equal((Member, CompanyRoles.Admin, Owner), (changed.UserId, changed.Role, changed.ChangedBy));
        Assert.Equal(CompanyRole.Owner, company.RoleOf(Viewer));
        Assert.Equal(2, company.State.OwnerCount());
    }

    [Fact]
    public void The_same_role_again_records_nothing()
    {
        var company = Staffed();

        company.ChangeRole(Admin, Member, CompanyRole.Member, Now);

        Assert.Empty(company.Changes);
    }

    [Fact]
    public void An_admin_manages_up_to_admin_but_never_touches_an_owner()
    {
        var company = Staffed(Joined(SecondAdmin, CompanyRole.Admin));

        company.ChangeRole(Admin, Member, CompanyRole.Admin, Now);
        company.ChangeRole(Admin, SecondAdmin, CompanyRole.Viewer, Now);
        Refused(() => company.ChangeRole(Admin, Member, CompanyRole.Owner, Now), CompanyErrors.RoleAboveOwn);
        Refused(() => company.ChangeRole(Admin, Owner, CompanyRole.Member, Now), CompanyErrors.OwnerProtected);
        Refused(() => company.RemoveParticipant(Admin, Owner, Now), CompanyErrors.OwnerProtected);
    }

    [Fact]
    public void Managers_and_below_manage_nobody()
    {
        var company = Staffed();

        Assert.Throws<ForbiddenException>(() => company.ChangeRole(Manager, Member, CompanyRole.Viewer, Now));
        Assert.Throws<ForbiddenException>(() => company.RemoveParticipant(Manager, Viewer, Now));
        Assert.Throws<ForbiddenException>(() => company.ChangeRole(Member, Member, CompanyRole.Manager, Now));
        Assert.Equal(CompanyAccessExtensions.CompanyNotFoundCode, Assert.Throws<NotFoundException>(() => company.RemoveParticipant(Stranger, Member, Now)).Code);
    }

    [Fact]
    public void A_role_change_or_removal_of_someone_not_in_the_company_is_not_found()
    {
        var company = Staffed();

        Refused(() => company.ChangeRole(Owner, Stranger, CompanyRole.Member, Now), CompanyErrors.ParticipantNotFound);
        Refused(() => company.RemoveParticipant(Owner, Stranger, Now), CompanyErrors.ParticipantNotFound);
    }

    [Fact]
    public void The_last_owner_can_neither_be_demoted_nor_leave()
    {
        var company = Staffed();

        Refused(() => company.ChangeRole(Owner, Owner, CompanyRole.Admin, Now), CompanyErrors.LastOwner);
        Refused(() => company.RemoveParticipant(Owner, Owner, Now), CompanyErrors.LastOwner);
    }

    [Fact]
    public void With_a_second_owner_an_owner_may_step_down_or_leave()
    {
        var company = Staffed(Joined(SecondOwner, CompanyRole.Owner));

        company.ChangeRole(Owner, Owner, CompanyRole.Admin, Now);
        Refused(() => company.RemoveParticipant(SecondOwner, SecondOwner, Now), CompanyErrors.LastOwner);
        company.ChangeRole(SecondOwner, Owner, CompanyRole.Owner, Now);
        company.RemoveParticipant(SecondOwner, SecondOwner, Now);

        Assert.Null(company.RoleOf(SecondOwner));
        Assert.Equal(1, company.State.OwnerCount());
    }

    [Fact]
    public void A_participant_leaves_and_a_removed_one_can_act_no_more()
    {
        var company = Staffed();

        company.RemoveParticipant(Viewer, Viewer, Now);
        company.RemoveParticipant(Admin, Member, Now);

        var left = Assert.IsType<ParticipantRemoved>(company.Changes[0]);
        Assert.Equal((Viewer, Viewer), (left.UserId, left.RemovedBy));
        Assert.Equal((Member, Admin), (((ParticipantRemoved)company.Changes[1]).UserId, ((ParticipantRemoved)company.Changes[1]).RemovedBy));
        Assert.Null(company.RoleOf(Member));
        Assert.Equal(CompanyAccessExtensions.CompanyNotFoundCode, Assert.Throws<NotFoundException>(() => company.RemoveParticipant(Member, Member, Now)).Code);
    }

    [Fact]
    public void The_state_survives_a_snapshot()
    {
        var company = Staffed();
        var (invitationId, _) = Invite(company, Owner);
        company.ChangeRole(Owner, Member, CompanyRole.Manager, Now);

        var json = JsonSerializer.SerializeToElement(company.State, EventTypeRegistry.JsonOptions);
        var restored = json.Deserialize<CompanyState>(EventTypeRegistry.JsonOptions)!;

        Assert.Equal(company.State.Participants.OrderBy(p => p.Key), restored.Participants.OrderBy(p => p.Key));
        Assert.Equal(company.State.Invitations[invitationId], restored.Invitations[invitationId]);
        Assert.Equal((company.State.Name, company.State.TaxId, company.State.Status), (restored.Name, restored.TaxId, restored.Status));
        // The restored state still applies events.
        Assert.Equal(CompanyStatuses.Archived, restored.When(new CompanyArchived(CompanyId, Owner, Now)).Status);
    }
}
