using System.Diagnostics;
using WellWon.Documents.Reading.Ocr;

namespace WellWon.Documents.Reading.Tests;

public sealed class ExternalProcessTests
{
    [Fact]
    public async Task A_missing_binary_says_which_package_to_install()
    {
        var error = await Assert.ThrowsAsync<ExternalToolMissingException>(() =>
            ExternalProcess.RunAsync("wellwon-no-such-tool", [], "tesseract-ocr", TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Contains("tesseract-ocr", error.Message);
        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public async Task A_process_over_its_time_is_stopped_with_a_clear_error()
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ExternalToolFailedException>(() =>
            ExternalProcess.RunAsync("sleep", ["30"], "coreutils", TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken));

        Assert.Contains("did not finish", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancellation_stops_the_process_and_surfaces_as_cancellation()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ExternalProcess.RunAsync("sleep", ["30"], "coreutils", TimeSpan.FromSeconds(60), cancel.Token));
    }

    [Fact]
    public async Task Output_and_standard_error_are_captured()
    {
        var result = await ExternalProcess.RunAsync("sh", ["-c", "printf out; printf err >&2; exit 3"], "dash", TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out", System.Text.Encoding.UTF8.GetString(result.Output));
        Assert.Equal("err", result.Errors);
    }
}
