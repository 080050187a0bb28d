using WellWon.Chat.Contracts;
using WellWon.Chat.Domain;
using static WellWon.Chat.Tests.Domain.ChatDomainFixture;

namespace WellWon.Chat.Tests.Domain;

public sealed class ReadMarkerTests
{
    [Fact]
    public void The_read_position_only_moves_forward()
    {
        var chat = Guid.NewGuid();
        var ann = Guid.NewGuid();
        var marker = ReadMarker.For(chat, ann);
        Assert.Equal(ChatIds.ReadMarker(chat, ann), marker.Id);

        marker.MarkRead(chat, ann, Guid.NewGuid(), 10, Now);
        marker.MarkRead(chat, ann, Guid.NewGuid(), 4, Now);
        marker.MarkRead(chat, ann, Guid.NewGuid(), 10, Now);
        marker.MarkRead(chat, ann, Guid.NewGuid(), 12, Now);

        Assert.Equal([10L, 12L], marker.Changes.Cast<MessagesRead>().Select(r => r.UpToSequence));
        Assert.Equal(12, marker.State.Sequence);
    }
}
