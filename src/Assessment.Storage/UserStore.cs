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
    int TokenVersion = 0)
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
            e.GetBoolean("Disabled") ?? false, e.GetInt32("TokenVersion") ?? 0);
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
    };
}
