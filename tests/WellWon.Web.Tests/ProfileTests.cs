using System.Net;
using WellWon.Web.Components.Pages;

namespace WellWon.Web.Tests;

/// <summary>The profile page edits what the Api keeps and shows the Api's messages under the fields they concern.</summary>
public sealed class ProfileTests : BunitContext
{
    private const string Me =
        """{"id":"0196a0c4-0000-7000-8000-000000000001","email":"ann@example.com","firstName":"Ann","lastName":"Importer","avatarUrl":null,"bio":"Imports tea","phone":"+7 495 123 45 67","userType":"entrepreneur","userNumber":7,"emailVerified":true}""";

    private readonly StubApi _api = new StubApi().On(HttpMethod.Get, "/api/auth/me", HttpStatusCode.OK, Me);

    public ProfileTests() => this.AddWebScreens(_api, Guid.Parse("0196a0c4-0000-7000-8000-000000000001"));

    [Fact]
    public void Shows_the_apis_field_errors_under_the_fields_and_sends_every_field()
    {
        _api.On(HttpMethod.Patch, "/api/auth/profile", HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"code":"validation.failed","errors":{"firstName":["'First Name' must not be empty."],"avatarUrl":["'Avatar Url' must be an absolute http(s) URL."]}}""");
        var page = Render<Profile>();
        page.WaitForAssertion(() => Assert.Equal("Ann Importer", page.Find("#profile-name").TextContent.Trim()));

        page.Find("#profile-first-name").Change("");
        page.Find("#profile-avatar-url").Change("not a url");
        page.Find("#profile-save").Click();

        page.WaitForAssertion(() => Assert.Contains("'First Name' must not be empty.", page.Markup, StringComparison.Ordinal));
        Assert.Contains("'Avatar Url' must be an absolute http(s) URL.", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Some fields need attention", page.Markup, StringComparison.Ordinal);
        var patch = Assert.Single(_api.Requests, r => r.Method == HttpMethod.Patch);
        Assert.Equal("""{"firstName":"","lastName":"Importer","avatarUrl":"not a url","bio":"Imports tea","phone":"\u002B7 495 123 45 67"}""", patch.Body);
    }

    [Fact]
    public void A_wrong_current_password_is_said_in_words()
    {
        _api.On(HttpMethod.Post, "/api/auth/change-password", HttpStatusCode.UnprocessableEntity,
            """{"title":"Unprocessable","status":422,"code":"identity.wrong-password","detail":"The current password is wrong."}""");
        var page = Render<Profile>();
        page.WaitForAssertion(() => page.Find("#password-current"));

        page.Find("#password-current").Change("not it");
        page.Find("#password-new").Change("a much longer new password");
        page.Find("#password-submit").Click();

        page.WaitForAssertion(() => Assert.Contains("The current password is wrong.", page.Find("#password-error").TextContent, StringComparison.Ordinal));
        Assert.Equal("""{"currentPassword":"not it","newPassword":"a much longer new password"}""",
            Assert.Single(_api.Requests, r => r.Path == "/api/auth/change-password").Body);
    }
}
