using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using WellWon.Web.Api;
using WellWon.Web.Live;
using WellWon.Web.Session;

namespace WellWon.Web.Tests.Logistics;

/// <summary>
/// A signed-in user of one company (in the role the test gives) for the company's screens (logistics, customs, documents, finance): MudBlazor with its providers, the
/// Api behind <see cref="StubApi"/>, the hub feed the test drives (<see cref="FakeLive"/>) and the company switcher's state.
/// </summary>
public abstract class LogisticsTestContext : BunitContext
{
    protected static readonly Guid CompanyId = Guid.Parse("0196a0c4-1111-7000-8000-000000000001");
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static LogisticsTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(5);

    protected Guid Me { get; } = Guid.Parse("0196a0c4-0000-7000-8000-0000000000aa");

    protected StubApi Api { get; } = new();

    protected FakeLive Live { get; } = new();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>Registers the services as <paramref name="role"/> of <see cref="CompanyId"/>; call before the first render.</summary>
    protected void SignIn(string role)
    {
        Api.On(HttpMethod.Get, "/api/companies", HttpStatusCode.OK, JsonSerializer.Serialize(new[]
        {
            new { id = CompanyId, name = "Tea Importers LLC", country = "RU", companyType = "importer", status = "active", role, joinedAt = (DateTimeOffset?)null },
        }, Json));
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("Ann Importer");
        auth.SetClaims(new Claim("sub", Me.ToString()), new Claim(ClaimTypes.NameIdentifier, Me.ToString()), new Claim(SessionClaims.SessionId, "test-session"));
        Services.AddSingleton<IApiAccessToken>(new FixedAccessToken());
        Services.AddSingleton<ILiveUpdates>(Live);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new ChatApi(Api.Client()));
        Services.AddSingleton(new CompaniesApi(Api.Client()));
        Services.AddSingleton(new ShipmentsApi(Api.Client()));
        Services.AddSingleton(new WarehousesApi(Api.Client()));
        Services.AddSingleton(new CustomsApi(Api.Client()));
        Services.AddSingleton(new DocumentsApi(Api.Client()));
        Services.AddSingleton(new LedgerApi(Api.Client()));
        Services.AddSingleton(new PurchaseOrdersApi(Api.Client()));
        Services.AddSingleton(new SupplierInvoicesApi(Api.Client()));
        Services.AddSingleton(new PaymentsApi(Api.Client()));
        Services.AddSingleton(new FinanceReportsApi(Api.Client()));
        Services.AddSingleton(new ReceivablesApi(Api.Client()));
        Services.AddSingleton<IWebSessionStore, InMemoryWebSessionStore>();
        Services.AddScoped<CurrentCompany>();
        Services.AddScoped<ApiProblemNotifier>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The popover and dialog providers a page's selects and dialogs render into.</summary>
    protected IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderProviders() => Render(b =>
    {
        b.OpenComponent<MudPopoverProvider>(0);
        b.CloseComponent();
        b.OpenComponent<MudDialogProvider>(1);
        b.CloseComponent();
        b.OpenComponent<MudSnackbarProvider>(2);
        b.CloseComponent();
    });

    protected static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    private sealed class FixedAccessToken : IApiAccessToken
    {
        public ValueTask<string?> GetAsync(CancellationToken ct) => ValueTask.FromResult<string?>("test-token");
    }
}
