using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using static WellWon.Chat.Tests.Domain.ChatDomainFixture;

namespace WellWon.Chat.Tests.Domain;

/// <summary>The conversation's link to a Telegram group, the claim that keeps a group to one conversation, and bridged messages.</summary>
public sealed class TelegramLinkTests
{
    private const long Group = -1001234567890;
    private static readonly Guid Owner = Guid.NewGuid();

    [Fact]
    public void A_company_chat_links_once_to_one_group_and_unlinks_idempotently()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));

        chat.LinkTelegram(Group, Owner, Now);
        chat.LinkTelegram(Group, Owner, Now);
        var linked = Assert.IsType<TelegramLinked>(Assert.Single(chat.Changes));
        Assert.Equal(Group, linked.TelegramChatId);
        Assert.True(chat.IsLinkedTo(Group));

        Refused(() => chat.LinkTelegram(-100999, Owner, Now), "chat.telegram-already-linked");

        chat.UnlinkTelegram(Owner, Now);
        chat.UnlinkTelegram(Owner, Now);
        Assert.Equal(Group, Assert.IsType<TelegramUnlinked>(chat.Changes[^1]).TelegramChatId);
        Assert.Equal(2, chat.Changes.Count);
        Assert.Null(chat.State.TelegramChatId);
    }

    [Fact]
    public void Direct_and_read_only_chats_are_not_linked()
    {
        var direct = Stored(Conversation.StartDirect(Owner, Guid.NewGuid(), Now));
        Refused(() => direct.LinkTelegram(Group, Owner, Now), "chat.telegram-company-only");

        var closed = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        closed.MakeReadOnly(Now);
        Refused(() => closed.LinkTelegram(Group, Owner, Now), "chat.read-only");
    }

    [Fact]
    public void A_group_is_claimed_by_one_conversation_and_taken_over_only_from_one_that_never_linked_after_the_timeout()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var claim = TelegramChatClaim.For(Group);
        claim.Claim(Group, first, Now, holderLinked: false);
        claim.Claim(Group, first, Now, holderLinked: false);
        Assert.Single(claim.Changes);
        var stored = Given<TelegramChatClaim>(claim.Id, [.. claim.Changes]);

        Assert.Throws<TelegramChatTakenException>(() => stored.Claim(Group, second, Now.AddHours(1), holderLinked: true));
        Assert.Throws<TelegramChatTakenException>(() => stored.Claim(Group, second, Now.AddSeconds(30), holderLinked: false));

        stored.Claim(Group, second, Now + TelegramChatClaim.PendingTimeout, holderLinked: false);
        Assert.Equal(first, Assert.IsType<TelegramChatClaimed>(Assert.Single(stored.Changes)).TakenOverFrom);

        stored.Release(first, Now);
        Assert.Single(stored.Changes);
        stored.Release(second, Now);
        Assert.Null(stored.State.Holder);
    }

    [Fact]
    public void A_bridged_message_is_taken_only_from_the_linked_group_under_an_id_and_author_that_follow_from_telegram()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        var origin = new MessageOrigin(MessageOrigin.Telegram, Group, 501, 42, " Bob Stone ");

        Refused(() => ChatMessage.PostBridged(chat, origin, 1, "Hello", Now), "chat.not-linked");

        chat.LinkTelegram(Group, Owner, Now);
        var message = ChatMessage.PostBridged(chat, origin, 1, "Hello", Now);
        var posted = Assert.IsType<MessagePosted>(Assert.Single(message.Changes));
        Assert.Equal(ChatIds.BridgedMessage(origin), message.Id);
        Assert.Equal(ChatIds.ExternalAuthor(origin), posted.AuthorId);
        Assert.False(chat.IsMember(posted.AuthorId));
        Assert.Equal("Bob Stone", posted.Origin!.AuthorName);
        Assert.Equal(message.Id, ChatMessage.PostBridged(chat, origin with { AuthorName = "Robert" }, 2, "Hello", Now).Id);
        Assert.NotEqual(message.Id, ChatIds.BridgedMessage(origin with { MessageId = 502 }));

        Refused(() => ChatMessage.PostBridged(chat, origin with { ChatId = -100777 }, 1, "Hello", Now), "chat.not-linked");
        chat.MakeReadOnly(Now);
        Refused(() => ChatMessage.PostBridged(chat, origin, 1, "Hello", Now), "chat.read-only");
    }

    [Fact]
    public void Text_longer_than_wellwon_takes_is_cut_not_refused()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        chat.LinkTelegram(Group, Owner, Now);

        var message = ChatMessage.PostBridged(chat, new MessageOrigin(MessageOrigin.Telegram, Group, 7, 42, "Bob"), 1, new string('x', 4096), Now);

        var text = message.State.Text;
        Assert.Equal(MessageRules.MaxTextLength, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_telegram_message_it_came_from_edits_a_bridged_message()
    {
        var chat = Stored(Conversation.StartCompanyChat(Guid.NewGuid(), "Co", Owner, Now));
        chat.LinkTelegram(Group, Owner, Now);
        var origin = new MessageOrigin(MessageOrigin.Telegram, Group, 501, 42, "Bob");
        var posted = ChatMessage.PostBridged(chat, origin, 1, "Hello", Now);
        var message = Given<ChatMessage>(posted.Id, [.. posted.Changes]);

        var member = Assert.Throws<ChatForbiddenException>(() => message.Edit(Owner, "Owner's words", Now));
        Assert.Equal("chat.not-author", member.Code);
        Assert.Throws<ChatForbiddenException>(() => message.EditBridged(origin with { MessageId = 502 }, "Other", Now));

        message.EditBridged(origin, "Hello again", Now);
        message.EditBridged(origin, "Hello again", Now);
        Assert.Equal("Hello again", Assert.IsType<MessageEdited>(Assert.Single(message.Changes)).Text);

        var own = ChatMessage.Post(Guid.NewGuid(), chat.Id, 2, Owner, "Mine", null, null, Now);
        Assert.Throws<ChatForbiddenException>(() => own.EditBridged(origin, "Hijack", Now));
    }
}
