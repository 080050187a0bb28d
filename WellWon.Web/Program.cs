using MudBlazor.Services;
using WellWon.Web;
using WellWon.Web.Api;
using WellWon.Web.Components;

var builder = WebApplication.CreateBuilder(args);

// Serves the packages' assets (MudBlazor) from a build output in every environment, not only Development; a no-op once published.
builder.WebHost.UseStaticWebAssets();
builder.AddServiceDefaults();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddWellWonApi<WellWonApiClient>(builder.Configuration);
builder.Services.AddChatAndAdminScreens(builder.Configuration);

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();
