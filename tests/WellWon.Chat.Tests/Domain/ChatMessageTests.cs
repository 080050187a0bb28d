using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using static WellWon.Chat.Tests.Domain.ChatDomainFixture;

namespace WellWon.Chat.Tests.Domain;

public sealed class ChatMessageTests
{
    private static readonly Guid Chat = Guid.NewGuid();
    private static readonly Guid Author = Guid.NewGuid();

    private static ChatMessage Posted(string text = "The container left Shanghai", params DocumentReference[] attachments)
    {
        var posted = ChatMessage.Post(Guid.NewGuid(), Chat, 7, Author, text, null, attachments, Now);
        return Given<ChatMessage>(posted.Id, [.. posted.Changes]);
    }

    [Fact]
    public void A_message_carries_its_sequence_trimmed_text_and_attachments()
    {
        var invoice = new DocumentReference(Guid.NewGuid(), " invoice.pdf ");
        var reply = Guid.NewGuid();

        var message = ChatMessage.Post(Guid.NewGuid(), Chat, 42, Author, "  See the invoice  ", reply, [invoice], Now);

        var posted = Assert.IsType<MessagePosted>(Assert.Single(message.Changes));
        Assert.Equal(42, posted.Sequence);
        Assert.Equal("See the invoice", posted.Text);
        Assert.Equal(reply, posted.ReplyTo);
        Assert.Equal("invoice.pdf", Assert.Single(posted.Attachments).Name);
    }

    [Fact]
    public void Text_of_4000_characters_is_accepted_and_of_4001_refused()
    {
        ChatMessage.Post(Guid.NewGuid(), Chat, 1, Author, new string('x', MessageRules.MaxTextLength), null, [], Now);

        Refused(() => ChatMessage.Post(Guid.NewGuid(), Chat, 1, Author, new string('x', MessageRules.MaxTextLength + 1), null, [], Now), "chat.message-too-long");
    }

    [Fact]
    public void A_message_needs_text_or_an_attachment()
    {
        Refused(() => ChatMessage.Post(Guid.NewGuid(), Chat, 1, Author, "   ", null, [], Now), "chat.message-empty");

        var onlyFile = ChatMessage.Post(Guid.NewGuid(), Chat, 1, Author, null, null, [new(Guid.NewGuid(), "bl.pdf")], Now);
        Assert.Equal(string.Empty, Assert.IsType<MessagePosted>(onlyFile.Changes[0]).Text);
        Refused(() => ChatMessage.Post(Guid.NewGuid(), Chat, 1, Author, "x", null, [new(Guid.Empty, "bl.pdf")], Now), "chat.attachment-invalid");
    }

    [Fact]
    public void Only_the_author_edits_and_the_same_text_again_records_nothing()
    {
        var message = Posted();

        Assert.Throws<ChatForbiddenException>(() => message.Edit(Guid.NewGuid(), "Mine now", Now));
        message.Edit(Author, "The container left Shanghai", Now);
        Assert.Empty(message.Changes);

        message.Edit(Author, "The container left Ningbo", Now);
        Assert.Equal("The container left Ningbo", Assert.IsType<MessageEdited>(Assert.Single(message.Changes)).Text);
    }

    [Fact]
    public void The_author_or_a_moderator_deletes_once_and_a_deleted_message_takes_no_edit()
    {
        var message = Posted();
        var admin = Guid.NewGuid();

        Assert.Equal("chat.not-allowed", Assert.Throws<ChatForbiddenException>(() => message.Delete(Guid.NewGuid(), mayModerate: false, Now)).Code);
        message.Delete(admin, mayModerate: true, Now);
        message.Delete(Author, mayModerate: false, Now);

        Assert.Equal(admin, Assert.IsType<MessageDeleted>(Assert.Single(message.Changes)).DeletedBy);
        Refused(() => message.Edit(Author, "Undo", Now), "chat.message-deleted");
    }
}
