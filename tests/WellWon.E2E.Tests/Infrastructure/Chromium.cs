using Microsoft.Playwright;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole test run, driven by Playwright's bundled driver (no browser download: the
/// installed binary is used). Each user of a scenario gets a context of their own in it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Debian's binary; <c>/usr/bin/chromium</c> is a wrapper script around it.</summary>
    public const string ExecutablePath = "/usr/lib/chromium/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed ({ExecutablePath} is missing). Run `./wellwon test`, which installs it "
                + "(apt-get install chromium), or install it yourself.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                // Root in a CI container: no user namespaces for the sandbox.
                "--no-sandbox",
                // Nothing but the app under test goes over the network, and nothing waits on Google's services.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--metrics-recording-only",
                // Small /dev/shm in containers makes the renderer crash.
                "--disable-dev-shm-usage",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
