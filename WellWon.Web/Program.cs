using MudBlazor.Services;
using WellWon.Web;
using WellWon.Web.Api;
using WellWon.Web.Components;
using WellWon.Web.Customs;
using WellWon.Web.Documents;
using WellWon.Web.Finance;
using WellWon.Web.Logistics;
using WellWon.Web.Session;

var builder = WebApplication.CreateBuilder(args);

// Serves the packages' assets (MudBlazor) from a build output in every environment, not only Development; a no-op once published.
builder.WebHost.UseStaticWebAssets();
builder.AddServiceDefaults();
builder.AddRedisClient("redis");
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddWellWonSessions(builder.Configuration);
builder.Services.AddWellWonApi<WellWonApiClient>(builder.Configuration);
builder.Services.AddChatAndAdminScreens(builder.Configuration);
builder.Services.AddLogisticsScreens(builder.Configuration);
builder.Services.AddCustomsScreens(builder.Configuration);
builder.Services.AddDocumentsScreens(builder.Configuration);
builder.Services.AddFinanceScreens(builder.Configuration);
builder.Services.AddWellWonApi<ProfileApi>(builder.Configuration);
builder.Services.AddWellWonApi<CompaniesApi>(builder.Configuration);
builder.Services.AddScoped<CurrentCompany>();
builder.Services.AddScoped<ApiProblemNotifier>();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapDefaultEndpoints();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
