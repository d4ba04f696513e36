namespace Assessment.Host;

/// <summary>What an operator wants to read in the log about the host: sign-ins and errors.</summary>
internal static partial class HostLog
{
    [LoggerMessage(2001, LogLevel.Information, "{User} signed in as {Role}")]
    public static partial void SignedIn(this ILogger log, string user, string role);

    [LoggerMessage(2002, LogLevel.Warning, "A sign-in as {User} failed: {Reason}")]
    public static partial void SignInFailed(this ILogger log, string user, string reason);

    [LoggerMessage(2003, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void Unhandled(this ILogger log, Exception exception, string method, string path);

    [LoggerMessage(2004, LogLevel.Warning, "Unavailable on {Method} {Path}")]
    public static partial void Unavailable(this ILogger log, Exception exception, string method, string path);

    [LoggerMessage(2005, LogLevel.Information, "{Admin} changed user {User}: role {Role}, region {Region}, disabled {Disabled}")]
    public static partial void UserChanged(this ILogger log, string admin, string user, string role, string region, bool disabled);

    [LoggerMessage(2006, LogLevel.Warning, "User {User} is locked until {Until} after failed sign-ins in a row")]
    public static partial void Locked(this ILogger log, string user, DateTimeOffset until);
}
