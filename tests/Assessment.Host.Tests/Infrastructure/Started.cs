using System.Diagnostics;
using System.Text;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>A started process (the host, or tools/run): its output collected, and the wait until it answers /health.</summary>
public static class Started
{
    public static void Collect(Process process, StringBuilder output)
    {
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Polls <c>/health</c> every 200 ms until it answers 200; fails at once if the process exits, and after <paramref name="within"/>.</summary>
    public static async Task HealthyAsync(Process process, Uri baseAddress, TimeSpan within, string what, Func<string> output)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{what} exited with {process.ExitCode} during start-up:\n{output()}");
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{what} did not answer /health within {within.TotalSeconds:0} s:\n{output()}");
    }
}
