using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WellWon.Platform.Http;
using WellWon.Platform.Mediator;
using WellWon.Platform.Tests.Fakes;

namespace WellWon.Platform.Tests.Pipeline;

public sealed class AuthorizationBehaviorTests
{
    private static async Task<TResponse> Send<TResponse>(TestCurrentUser user, IMessage message, ServiceProvider? services = null)
    {
        await using var owned = services is null ? PipelineHost.Build(user) : null;
        await using var scope = (services ?? owned!).CreateAsyncScope();
        return (TResponse)(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(message, TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Anonymous_caller_of_a_message_that_requires_a_user_is_unauthenticated() =>
        await Assert.ThrowsAsync<UnauthenticatedException>(() => Send<string>(TestCurrentUser.Anonymous(), new GetMyProfile()));

    [Fact]
    public async Task Signed_in_caller_gets_through() =>
        Assert.StartsWith("profile of ", await Send<string>(TestCurrentUser.SignedIn("entrepreneur"), new GetMyProfile()), StringComparison.Ordinal);

    [Fact]
    public async Task Role_requirement_refuses_anonymous_with_401_and_the_wrong_role_with_403()
    {
        await Assert.ThrowsAsync<UnauthenticatedException>(() => Send<bool>(TestCurrentUser.Anonymous(), new ApproveCompany(Guid.NewGuid())));
        var forbidden = await Assert.ThrowsAsync<ForbiddenException>(() => Send<bool>(TestCurrentUser.SignedIn("investor"), new ApproveCompany(Guid.NewGuid())));
        Assert.Contains("ww_admin", forbidden.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_one_of_the_roles_is_enough()
    {
        Assert.True(await Send<bool>(TestCurrentUser.SignedIn("ww_manager"), new ApproveCompany(Guid.NewGuid())));
        Assert.True(await Send<bool>(TestCurrentUser.SignedIn("entrepreneur", "ww_admin"), new ApproveCompany(Guid.NewGuid())));
    }

    [Fact]
    public async Task A_message_that_declares_nothing_is_open() =>
        Assert.Equal("pong hi", await Send<string>(TestCurrentUser.Anonymous(), new Ping("hi")));

    [Fact]
    public void Http_current_user_reads_sub_user_type_and_roles_from_the_principal()
    {
        var id = Guid.NewGuid();
        var identity = new ClaimsIdentity(
            [new Claim("sub", id.ToString()), new Claim("user_type", "ww_manager"), new Claim(ClaimTypes.Role, "auditor")],
            authenticationType: "test");
        var accessor = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) } };

        var user = new HttpCurrentUser(accessor);

        Assert.True(user.IsAuthenticated);
        Assert.Equal(id, user.UserId);
        Assert.Equal("ww_manager", user.UserType);
        Assert.True(user.IsInRole("ww_manager"));
        Assert.True(user.IsInRole("auditor"));
        Assert.False(user.IsInRole("ww_admin"));
    }

    [Fact]
    public void Http_current_user_without_a_signed_in_principal_is_anonymous()
    {
        var user = new HttpCurrentUser(new HttpContextAccessor { HttpContext = new DefaultHttpContext() });

        Assert.False(user.IsAuthenticated);
        Assert.Null(user.UserId);
        Assert.False(user.IsInRole("ww_admin"));
    }
}
