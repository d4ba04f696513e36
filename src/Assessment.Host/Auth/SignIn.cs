using Assessment.Domain;
using Assessment.Storage;
using Humanizer;

namespace Assessment.Host.Auth;

/// <summary>The outcome of a sign-in attempt: the user, or why not (with the wait before trying again when rate-limited).</summary>
public sealed record SignInOutcome(StoredUser? User, int Status, string Title, string Detail, int? RetryAfterSeconds = null)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// One sign-in check for the token endpoint and the sign-in page: the <see cref="SignInGuard"/>'s rate limits,
/// the lock after repeated failures, disabled users, and the same password work whether or not the user exists.
/// </summary>
public sealed partial class SignIn(UserStore users, SignInGuard guard, TimeProvider time, ILogger<SignIn> log)
{
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    public static partial System.Text.RegularExpressions.Regex UsernamePattern();

    public async Task<SignInOutcome> TryAsync(string? username, string? password, string address, CancellationToken ct)
    {
        var name = username ?? "";
        if (guard.WaitBeforeTrying(name, address) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            log.SignInFailed(name, "too many failures");
            return new(null, 429, "Too many failed sign-ins",
                $"Too many failed sign-ins for this user name or from this address; try again in {TimeSpan.FromSeconds(seconds).Humanize()}.", seconds);
        }
        var user = string.IsNullOrWhiteSpace(name) || !UsernamePattern().IsMatch(name) ? null : await users.GetAsync(name, ct);
        var now = time.GetUtcNow();
        var right = guard.Verify(user, password ?? "");
        if (user is { LockedUntil: { } until } && until > now)
        {
            log.SignInFailed(name, "locked");
            return new(null, 401, "Sign-in failed",
                $"This user is locked until {until:yyyy-MM-dd HH:mm} UTC after {SignInGuard.FailuresBeforeLock} failed sign-ins in a row; the administrator can also set a new password.");
        }
        if (!right)
        {
            guard.Failed(name, address);
            if (user is not null)
            {
                var failed = user.FailedSignIns + 1;
                var lockedUntil = failed >= SignInGuard.FailuresBeforeLock ? now + SignInGuard.LockFor : (DateTimeOffset?)null;
                await users.RecordSignInsAsync(user.Username, lockedUntil is null ? failed : 0, lockedUntil, ct);
                if (lockedUntil is { } end) log.Locked(user.Username, end);
            }
            log.SignInFailed(name, user is null ? "no such user" : "wrong password");
            return new(null, 401, "Sign-in failed", "The user name or password is wrong.");
        }
        if (user!.Disabled)
        {
            log.SignInFailed(user.Username, "disabled");
            return new(null, 401, "Sign-in failed", "This user is disabled; the administrator can enable it again.");
        }
        if (user.FailedSignIns > 0) await users.RecordSignInsAsync(user.Username, 0, null, ct);
        log.SignedIn(user.Username, user.Role.ToWire());
        return new(user, 200, "", "");
    }
}
