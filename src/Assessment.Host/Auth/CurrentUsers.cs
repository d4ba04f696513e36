using System.Collections.Concurrent;
using Assessment.Storage;

namespace Assessment.Host.Auth;

/// <summary>
/// What a token is checked against on every request: the stored user, read at most every
/// <see cref="FreshFor"/> per host. A token whose user is gone or disabled, or whose version is older
/// than the user's (the role, region or password changed since), stops working within that time on
/// every host, and at once on the host that made the change.
/// </summary>
public sealed class CurrentUsers(UserStore users, TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (StoredUser? User, DateTimeOffset ReadAt)> cache = new(StringComparer.Ordinal);

    /// <summary>Why the token no longer works, or null when it does.</summary>
    public async Task<string?> RevokedAsync(string username, int version, CancellationToken ct)
    {
        var user = await GetAsync(username, ct);
        return user switch
        {
            null => "its user no longer exists",
            { Disabled: true } => "its user is disabled",
            _ when user.TokenVersion != version => "its user's role, region or password changed after it was issued",
            _ => null,
        };
    }

    public void Forget(string username) => cache.TryRemove(username, out _);

    private async Task<StoredUser?> GetAsync(string username, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(username, out var entry) && now - entry.ReadAt < FreshFor) return entry.User;
        var user = await users.GetAsync(username, ct);
        cache[username] = (user, now);
        return user;
    }
}
