using System.Threading.RateLimiting;
using Assessment.Storage;
using Microsoft.AspNetCore.Identity;

namespace Assessment.Host.Auth;

/// <summary>
/// What stands between a guesser and a password: failed sign-ins are rate-limited per user name and
/// per client address (429 with Retry-After), a user is locked for <see cref="LockFor"/> after
/// <see cref="FailuresBeforeLock"/> failures in a row, and a sign-in as a user that does not exist
/// costs the same password hashing as one that does, so timing does not tell which names exist.
/// </summary>
public sealed class SignInGuard : IDisposable
{
    public const int FailuresBeforeLock = 10;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> failures;
    private readonly IPasswordHasher<StoredUser> hasher;
    private readonly string unknownUserHash;
    private static readonly StoredUser Nobody = new("", "", Domain.Access.Role.County, "", null, default, "");

    public SignInGuard(AuthOptions options, IPasswordHasher<StoredUser> hasher)
    {
        this.hasher = hasher;
        unknownUserHash = hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("user:", StringComparison.Ordinal) ? options.FailuresPerUserPerMinute : options.FailuresPerAddressPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>How long the caller must wait when the failures of this user name or address are used up; null when it may try.</summary>
    public TimeSpan? WaitBeforeTrying(string username, string address)
    {
        foreach (var key in Keys(username, address))
        {
            using var lease = failures.AttemptAcquire(key, permitCount: 0);
            if (!lease.IsAcquired) return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        }
        return null;
    }

    /// <summary>Counts a failed sign-in against the user name and the address.</summary>
    public void Failed(string username, string address)
    {
        foreach (var key in Keys(username, address)) failures.AttemptAcquire(key).Dispose();
    }

    /// <summary>Whether the password is the user's; for no user, the same work against a hash that matches nothing.</summary>
    public bool Verify(StoredUser? user, string password)
    {
        if (user is not null) return hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        hasher.VerifyHashedPassword(Nobody, unknownUserHash, password);
        return false;
    }

    private static string[] Keys(string username, string address) => [$"user:{username.ToLowerInvariant()}", $"address:{address}"];

    public void Dispose() => failures.Dispose();
}
