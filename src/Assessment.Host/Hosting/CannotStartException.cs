namespace Assessment.Host.Hosting;

/// <summary>
/// Set-up found something the operator must fix (no admin password, storage out of reach): Program
/// prints the one line saying what to set and exits with <see cref="ExitCode"/>, with no stack trace.
/// </summary>
public sealed class CannotStartException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
