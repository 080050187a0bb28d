using System.Net;
using Microsoft.AspNetCore.Http;
using WellWon.Web.Components.Pages.Account;

namespace WellWon.Web.Tests;

/// <summary>Sign-in and sign-up forms: what they send to the Api, and the Api's messages shown under the fields they concern.</summary>
public sealed class AccountFormTests : BunitContext
{
    private readonly StubApi _api = new();

    public AccountFormTests() => this.AddWebScreens(_api);

    [Fact]
    public void Login_shows_the_apis_field_errors_under_their_fields()
    {
        _api.On(HttpMethod.Post, "/api/auth/login", HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"code":"validation.failed","errors":{"email":["'Email' is not a valid e-mail address."],"password":["'Password' must not be empty."]}}""");
        var page = Render<Login>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        page.Find("#login-email").Change("not-an-address");
        page.Find("#login-form").Submit();

        page.WaitForAssertion(() => Assert.Equal("'Email' is not a valid e-mail address.", page.Find("#login-email-error").TextContent.Trim()));
        Assert.Equal("'Password' must not be empty.", page.Find("#login-password-error").TextContent.Trim());
        Assert.Empty(page.FindAll("#login-error"));
        Assert.Equal("""{"email":"not-an-address","password":""}""", Assert.Single(_api.Requests).Body);
    }

    [Fact]
    public void Login_says_why_when_the_credentials_are_refused()
    {
        _api.On(HttpMethod.Post, "/api/auth/login", HttpStatusCode.Unauthorized,
            """{"title":"Sign-in failed","status":401,"code":"identity.invalid-credentials","detail":"The e-mail address or password is wrong."}""");
        var page = Render<Login>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        page.Find("#login-email").Change("ann@example.com");
        page.Find("#login-password").Change("wrong password");
        page.Find("#login-form").Submit();

        page.WaitForAssertion(() => Assert.Contains("The e-mail address or password is wrong.", page.Find("#login-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("#login-password-error"));
    }

    [Fact]
    public void Register_sends_the_account_and_shows_the_apis_field_errors()
    {
        _api.On(HttpMethod.Post, "/api/auth/register", HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"code":"validation.failed","errors":{"password":["'Password' must be at least 12 characters long."],"lastName":["'Last Name' must not be empty."]}}""");
        var page = Render<Register>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        page.Find("#register-first-name").Change("Ann");
        page.Find("#register-email").Change("ann@example.com");
        page.Find("#register-password").Change("short");
        page.Find("#register-phone").Change("+7 495 123 45 67");
        page.Find("#register-form").Submit();

        page.WaitForAssertion(() => Assert.Equal("'Password' must be at least 12 characters long.", page.Find("#register-password-error").TextContent.Trim()));
        Assert.Equal("'Last Name' must not be empty.", page.Find("#register-last-name-error").TextContent.Trim());
        Assert.Empty(page.FindAll("#register-email-error"));
        Assert.Equal(
            """{"email":"ann@example.com","password":"short","firstName":"Ann","lastName":"","phone":"\u002B7 495 123 45 67"}""",
            Assert.Single(_api.Requests).Body);
    }

    [Fact]
    public void Register_says_when_the_address_is_taken()
    {
        _api.On(HttpMethod.Post, "/api/auth/register", HttpStatusCode.Conflict,
            """{"title":"E-mail address taken","status":409,"code":"identity.email-taken","detail":"An account with this e-mail address exists."}""");
        var page = Render<Register>(p => p.AddCascadingValue<HttpContext>(new DefaultHttpContext()));

        page.Find("#register-email").Change("ann@example.com");
        page.Find("#register-form").Submit();

        page.WaitForAssertion(() => Assert.Contains("An account with this e-mail address exists.", page.Find("#register-error").TextContent, StringComparison.Ordinal));
    }
}
