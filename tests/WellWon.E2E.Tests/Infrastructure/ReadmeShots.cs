using Microsoft.Playwright;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// The README's screenshots of the Web, taken by the scenarios only when asked (<c>WELLWON_E2E_README_SHOTS=1</c>), so an
/// ordinary run never changes <c>docs/</c>. Each is the 1280×800 viewport as the user sees it, not the whole scrolled page.
/// </summary>
public static class ReadmeShots
{
    public const string Variable = "WELLWON_E2E_README_SHOTS";

    public static bool Enabled => Environment.GetEnvironmentVariable(Variable) == "1";

    /// <summary><c>docs/screenshots</c> in the repository.</summary>
    public static string Folder => Path.Combine(RepositoryLayout.Root, "docs", "screenshots");

    /// <summary>Saves the page's viewport as <c>docs/screenshots/&lt;name&gt;.png</c> when enabled.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        if (!Enabled)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = false });
    }
}
