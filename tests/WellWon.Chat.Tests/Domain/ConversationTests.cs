using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using WellWon.Platform.Sagas;
using static WellWon.Chat.Tests.Domain.ChatDomainFixture;

namespace WellWon.Chat.Tests.Domain;

public sealed class ConversationTests
{
    private static readonly Guid Owner = Guid.NewGuid();

    [Fact]
    public void A_company_chat_starts_with_its_owner_under_an_id_that_follows_from_the_company()
    {
        var company = Guid.NewGuid();

        var chat = Conversation.StartCompanyChat(company, " Tea Importers ", Owner, Now);

        var started = Assert.IsType<ConversationStarted>(Assert.Single(chat.Changes));
        Assert.Equal(ConversationKinds.Company, started.Kind);
        Assert.Equal(company, started.CompanyId);
        Assert.Equal("Tea Importers", started.Title);
        Assert.Equal([Owner], started.Members);
        Assert.Equal(ChatIds.CompanyChat(company), chat.Id);
        Assert.Equal(chat.Id, Conversation.StartCompanyChat(company, "Other name", Guid.NewGuid(), Now).Id);
        Assert.NotEqual(chat.Id, ChatIds.CompanyChat(Guid.NewGuid()));
        Assert.Equal(8, DeterministicGuid.VersionOf(chat.Id));
    }

    [Fact]
    public void A_shipment_chat_starts_with_its_members_once_each_in_its_company_under_an_id_that_follows_from_the_shipment()
    {
        var (shipment, company, ann) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var chat = Conversation.StartShipmentChat(shipment, company, "Shipment WW-2026-000001", [Owner, ann, Owner], Now);

        var started = Assert.IsType<ConversationStarted>(Assert.Single(chat.Changes));
        Assert.Equal((ConversationKinds.Shipment, company), (started.Kind, started.CompanyId));
        Assert.Equal([Owner, ann], started.Members);
        Assert.Equal(ChatIds.ShipmentChat(shipment), chat.Id);
        Assert.NotEqual(ChatIds.CompanyChat(shipment), chat.Id);
        Assert.Throws<ArgumentException>(() => Conversation.StartShipmentChat(shipment, company, null, [], Now));
    }

    [Fact]
    public void Adding_a_member_twice_or_removing_an_absent_one_records_nothing_more()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        var ann = Guid.NewGuid();

        chat.AddMember(ann, Now);
        chat.AddMember(ann, Now);
        chat.AddMember(Owner, Now);
        chat.RemoveMember(Guid.NewGuid(), Now);

        Assert.Equal(ann, Assert.IsType<MemberJoined>(Assert.Single(chat.Changes)).UserId);
        Assert.True(chat.IsMember(ann));
    }

    [Fact]
    public void A_removed_member_is_told_the_conversation_does_not_exist()
    {
        var ann = Guid.NewGuid();
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        chat.AddMember(ann, Now);
        chat.RemoveMember(ann, Now);

        Assert.IsType<MemberLeft>(chat.Changes[^1]);
        Refused(() => chat.EnsureMember(ann), "chat.conversation-not-found");
        chat.EnsureMember(Owner);
    }

    [Fact]
    public void A_read_only_chat_refuses_writing_and_archiving_twice_records_nothing()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));

        chat.MakeReadOnly(Now);
        chat.MakeReadOnly(Now);

        Assert.IsType<ConversationMadeReadOnly>(Assert.Single(chat.Changes));
        Refused(chat.EnsureWritable, "chat.read-only");

        chat.Reopen(Now);
        chat.Reopen(Now);
        Assert.IsType<ConversationReopened>(chat.Changes[^1]);
        Assert.Equal(2, chat.Changes.Count);
        chat.EnsureWritable();
    }

    [Fact]
    public void A_direct_chat_is_one_per_pair_whoever_starts_it_and_its_members_are_fixed()
    {
        var ann = Guid.NewGuid();
        var bob = Guid.NewGuid();

        var chat = Stored(Conversation.StartDirect(ann, bob, Now));

        Assert.Equal(chat.Id, Conversation.StartDirect(bob, ann, Now).Id);
        Assert.True(chat.IsMember(ann) && chat.IsMember(bob));
        Refused(() => chat.AddMember(Guid.NewGuid(), Now), "chat.direct-membership-fixed");
        Refused(() => Conversation.StartDirect(ann, ann, Now), "chat.direct-with-self");
    }
}
