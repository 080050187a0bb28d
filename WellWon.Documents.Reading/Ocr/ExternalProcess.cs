using System.ComponentModel;
using System.Diagnostics;

namespace WellWon.Documents.Reading.Ocr;

public sealed record ProcessResult(int ExitCode, byte[] Output, string Errors);

/// <summary>A program the reader needs (tesseract, pdftoppm) is not installed.</summary>
public sealed class ExternalToolMissingException(string tool, string package)
    : Exception($"'{tool}' was not found on PATH: install the Debian package {package} (./wellwon up, test and bench install it).")
{
    public string Tool { get; } = tool;
}

/// <summary>A program ran but failed or ran out of time; the message carries its standard error.</summary>
public sealed class ExternalToolFailedException(string message) : Exception(message);

/// <summary>Runs a command line tool with a timeout and cancellation, capturing its output and standard error.</summary>
public static class ExternalProcess
{
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string package, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tesseract's OpenMP threads fight the other readers on a small machine; one page per process is faster overall.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (e.NativeErrorCode is 2 or 13)
        {
            throw new ExternalToolMissingException(fileName, package);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        using var output = new MemoryStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(output, limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            await stdout;
            var errors = await stderr;
            return new ProcessResult(process.ExitCode, output.ToArray(), errors);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended on its own meanwhile.
            }

            ct.ThrowIfCancellationRequested();
            throw new ExternalToolFailedException($"'{fileName}' did not finish within {timeout.TotalSeconds:0.#} s and was stopped.");
        }
    }
}
