using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using WellWon.Finance.Payments;
using WellWon.Finance.Payments.Domain;
using WellWon.Platform.RealTime;

namespace WellWon.Finance.Tests.Payments;

/// <summary>
/// The company's live channel follows a payment order through its saga: a member's connection gets <c>payment</c> (id, version,
/// status) after every step, in order, ending with <c>completed</c>; an outsider cannot follow the company and gets nothing.
/// </summary>
public sealed class PaymentLiveChangesTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_sees_every_step_of_a_paid_order_up_to_completed_and_an_outsider_sees_none()
    {
        var c = await api.CompanyAsync();
        using var admin = api.ClientFor(c.Admin);
        var po = await PaymentSagaTests.PurchaseOrderAsync(c, admin);
        var (member, memberChanges) = await ListenAsync(c.Viewer);
        await using var memberConnection = member;
        Assert.True(await member.InvokeAsync<long>("JoinCompany", c.Id, Ct) >= 0);
        var (outsider, outsiderChanges) = await ListenAsync(c.Outsider);
        await using var outsiderConnection = outsider;
        await Assert.ThrowsAsync<HubException>(() => outsider.InvokeAsync<long>("JoinCompany", c.Id, Ct));

        var id = Guid.NewGuid();
        var created = await admin.PostAsJsonAsync(PaymentEndpoints.Root, PaymentRequests.Body(c.Id, id, "purchase-order-prepayment", po, 10_000m, "CNY"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await api.RunSagaAsync(id);
        await api.RunConfirmationsJobAsync();
        var stream = await api.RunSagaAsync(id);

        // A change per step, each naming the order, its version and the status the step left it in, pushed to the company's group.
        var changes = new List<ChangeNotification>();
        while (changes is [] || changes[^1].Scope != PaymentStatuses.Completed)
        {
            var pushed = await NextAsync(memberChanges, TimeSpan.FromSeconds(10));
            if (pushed is null)
            {
                Assert.Fail($"No payment change within 10 s after: {string.Join(", ", changes.Select(ch => $"{ch.Version} {ch.Scope}"))}");
            }

            if (pushed.Change is { Entity: "payment" } change && change.Id == id.ToString("D"))
            {
                Assert.Equal(ChangeAudience.Company(c.Id).Group, pushed.Group);
                changes.Add(change);
            }
        }

        // Every event of the stream is announced (a step handed twice is announced twice: clients keep the newest version).
        Assert.Equal(stream.Select(e => e.StreamVersion), changes.Select(ch => ch.Version).Distinct().Order());
        Assert.Equal(stream[^1].StreamVersion, changes[^1].Version);
        Assert.Equal(
            [PaymentStatuses.Created, PaymentStatuses.Quoted, PaymentStatuses.RateLocked, PaymentStatuses.Debited, PaymentStatuses.Sent, PaymentStatuses.Completed],
            changes.Select(ch => ch.Scope).Distinct());

        Assert.False(outsiderChanges.TryRead(out var leaked), $"The outsider was pushed {leaked}");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Assert.False(outsiderChanges.TryRead(out leaked), $"The outsider was pushed {leaked}");
    }

    private async Task<(HubConnection Connection, ChannelReader<PushedChange> Changes)> ListenAsync(Guid user)
    {
        var changes = Channel.CreateUnbounded<PushedChange>();
        var connection = await api.ConnectAsync(user);
        connection.On<PushedChange>(WellWonHub.ChangedMethod, change => changes.Writer.TryWrite(change));
        return (connection, changes.Reader);
    }

    private static async Task<PushedChange?> NextAsync(ChannelReader<PushedChange> changes, TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        try
        {
            return await changes.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
