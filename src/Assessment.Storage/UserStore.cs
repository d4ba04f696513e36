using Assessment.Domain;
using Assessment.Domain.Access;
using Azure;
using Azure.Data.Tables;

namespace Assessment.Storage;

public sealed record StoredUser(
    string Username,
    string PasswordHash,
    Role Role,
    string RegionCode,
    string? DisplayName,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool Disabled = false,
    int TokenVersion = 0,
    int FailedSignIns = 0,
    DateTimeOffset? LockedUntil = null)
{
    /// <summary>
    /// The user after a change: a new role, region or password, or disabling, makes every token issued
    /// before it stop working (the token carries the version it was issued under).
    /// </summary>
    public StoredUser Changed(Role role, string regionCode, string? displayName, string passwordHash, bool disabled)
    {
        var revokes = role != Role || regionCode != RegionCode || passwordHash != PasswordHash || (disabled && !Disabled);
        return this with
        {
            Role = role, RegionCode = regionCode, DisplayName = displayName, PasswordHash = passwordHash, Disabled = disabled,
            TokenVersion = revokes ? TokenVersion + 1 : TokenVersion,
            // A new password set by the admin ends a lock.
            FailedSignIns = passwordHash != PasswordHash ? 0 : FailedSignIns,
            LockedUntil = passwordHash != PasswordHash ? null : LockedUntil,
        };
    }
}

/// <summary>Users, one row each (PartitionKey "user", RowKey = user name). Passwords are stored only as salted hashes.</summary>
public sealed class UserStore(Tables tables)
{
    private const string Partition = "user";

    public async Task<StoredUser?> GetAsync(string username, CancellationToken ct = default)
    {
        var row = await tables.Users.GetEntityIfExistsAsync<TableEntity>(Partition, username, cancellationToken: ct);
        return row.HasValue && row.Value is { } e ? FromEntity(e) : null;
    }

    /// <summary>Every user, by name (a province has thousands at most: officers, judges, the admin).</summary>
    public async Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken ct = default)
    {
        var users = new List<StoredUser>();
        await foreach (var e in tables.Users.QueryAsync<TableEntity>(filter: $"PartitionKey eq '{Partition}'", cancellationToken: ct)) users.Add(FromEntity(e));
        return users;
    }

    private static StoredUser FromEntity(TableEntity e)
    {
        Roles.TryParse(e.GetString("Role"), out var role);
        return new StoredUser(e.RowKey, e.GetString("PasswordHash") ?? "", role, e.GetString("RegionCode") ?? "",
            e.GetString("DisplayName"), e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy") ?? "",
            e.GetBoolean("Disabled") ?? false, e.GetInt32("TokenVersion") ?? 0, e.GetInt32("FailedSignIns") ?? 0, e.GetDateTimeOffset("LockedUntil"));
    }

    /// <summary>Adds a user; false when the name is taken.</summary>
    public async Task<bool> AddAsync(StoredUser user, CancellationToken ct = default)
    {
        try
        {
            await tables.Users.AddEntityAsync(ToEntity(user), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Records the failed sign-ins in a row and the end of the last lock, leaving the rest of the row as it is
    /// (an admin's change made meanwhile stays). The end of a lock stays recorded after it passed.
    /// </summary>
    public Task RecordSignInsAsync(string username, int failedInARow, DateTimeOffset? lockedUntil, CancellationToken ct = default)
    {
        var row = new TableEntity(Partition, username) { ["FailedSignIns"] = failedInARow };
        if (lockedUntil is { } until) row["LockedUntil"] = until;
        return tables.Users.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, ct);
    }

    public Task UpsertAsync(StoredUser user, CancellationToken ct = default) =>
        tables.Users.UpsertEntityAsync(ToEntity(user), TableUpdateMode.Replace, ct);

    private static TableEntity ToEntity(StoredUser u) => new(Partition, u.Username)
    {
        ["PasswordHash"] = u.PasswordHash,
        ["Role"] = u.Role.ToWire(),
        ["RegionCode"] = u.RegionCode,
        ["DisplayName"] = u.DisplayName,
        ["CreatedAt"] = u.CreatedAt,
        ["CreatedBy"] = u.CreatedBy,
        ["Disabled"] = u.Disabled ? true : null,
        ["TokenVersion"] = u.TokenVersion == 0 ? null : u.TokenVersion,
        ["FailedSignIns"] = u.FailedSignIns == 0 ? null : u.FailedSignIns,
        ["LockedUntil"] = u.LockedUntil,
    };
}
