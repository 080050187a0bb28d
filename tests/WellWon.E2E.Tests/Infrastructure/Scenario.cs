using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace WellWon.E2E.Tests.Infrastructure;

/// <summary>
/// One test's browser side: a context per user (separate cookies and storage, as two people on two machines), a screenshot per
/// step in <c>test-results/e2e/&lt;test&gt;/&lt;nn&gt;-&lt;step&gt;.png</c>, each page's console in <c>console-&lt;user&gt;.log</c>, and
/// a Playwright trace per user (<c>trace-&lt;user&gt;.zip</c>, for Playwright's trace viewer: <c>playwright.ps1 show-trace</c> in the
/// build output) and a last screenshot kept only when the test failed. Create one per test and dispose it when the test ends.
/// </summary>
public sealed class Scenario(Chromium chromium, WellWonApp app) : IAsyncDisposable
{
    private readonly List<User> _users = [];
    private int _steps;

    /// <summary>This test's folder under <c>test-results/e2e</c>, emptied of an earlier run's files.</summary>
    public string Directory { get; } = PrepareDirectory();

    /// <summary>
    /// A new browser context for <paramref name="user"/> ("A", "B") with one page whose relative URLs go to the Web, in a 1280×800
    /// viewport unless <paramref name="viewport"/> says otherwise (a phone's 375 px).
    /// </summary>
    public async Task<IPage> OpenUserAsync(string user, ViewportSize? viewport = null)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Web.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-GB",
        });
        await context.Tracing.StartAsync(new TracingStartOptions
        {
            Title = $"{TestName} — user {user}",
            Screenshots = true,
            Snapshots = true,
        });
        var page = await context.NewPageAsync();
        var console = new ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue($"{DateTime.Now:HH:mm:ss.fff} {message.Type}: {message.Text}");
        page.PageError += (_, error) => console.Enqueue($"{DateTime.Now:HH:mm:ss.fff} page error: {error}");
        // The console names no URL for a failed load; these lines do.
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                console.Enqueue($"{DateTime.Now:HH:mm:ss.fff} http {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) => console.Enqueue($"{DateTime.Now:HH:mm:ss.fff} request failed: {request.Method} {request.Url} ({request.Failure})");
        _users.Add(new User(user, context, page, console));
        return page;
    }

    /// <summary>
    /// Screenshots <paramref name="page"/> as the next numbered step, named <paramref name="name"/>; with <paramref name="readme"/>,
    /// also as that README screenshot when <see cref="ReadmeShots.Enabled"/>.
    /// </summary>
    public async Task StepAsync(IPage page, string name, string? readme = null)
    {
        var number = Interlocked.Increment(ref _steps);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Directory, $"{number.ToString("00", CultureInfo.InvariantCulture)}-{Slug(name)}.png"),
            FullPage = true,
        });
        if (readme is not null)
        {
            await ReadmeShots.SaveAsync(page, readme);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result is TestResult.Failed;
        foreach (var user in _users)
        {
            var slug = Slug(user.Name);
            try
            {
                if (failed)
                {
                    await user.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, $"failed-{slug}.png"), FullPage = true });
                }

                await user.Context.Tracing.StopAsync(failed ? new TracingStopOptions { Path = Path.Combine(Directory, $"trace-{slug}.zip") } : null);
            }
            catch (PlaywrightException)
            {
                // A page or browser that is gone has nothing more to show; the failure itself is reported by the test.
            }
            finally
            {
                await File.WriteAllLinesAsync(Path.Combine(Directory, $"console-{slug}.log"), user.Console);
                await user.Context.CloseAsync();
            }
        }
    }

    private static string TestName => TestContext.Current.TestMethod?.MethodName ?? "unknown-test";

    private static string PrepareDirectory()
    {
        var directory = Path.Combine(RepositoryLayout.Results, TestName);
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return slug.ToString().Trim('-');
    }

    private sealed record User(string Name, IBrowserContext Context, IPage Page, ConcurrentQueue<string> Console);
}
