using WellWon.Web;
using WellWon.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHttpClient<WellWonApiClient>(client =>
    // Service discovery resolves "api" under the AppHost; Api:BaseUrl serves a stand-alone run.
    client.BaseAddress = new Uri(builder.Configuration["Api:BaseUrl"] ?? "https+http://api"));

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
