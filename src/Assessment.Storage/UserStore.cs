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
    string CreatedBy);

/// <summary>Users, one row each (PartitionKey "user", RowKey = user name). Passwords are stored only as salted hashes.</summary>
public sealed class UserStore(Tables tables)
{
    private const string Partition = "user";

    public async Task<StoredUser?> GetAsync(string username, CancellationToken ct = default)
    {
        var row = await tables.Users.GetEntityIfExistsAsync<TableEntity>(Partition, username, cancellationToken: ct);
        if (!row.HasValue || row.Value is not { } e) return null;
        Roles.TryParse(e.GetString("Role"), out var role);
        return new StoredUser(e.RowKey, e.GetString("PasswordHash") ?? "", role, e.GetString("RegionCode") ?? "",
            e.GetString("DisplayName"), e.GetDateTimeOffset("CreatedAt") ?? default, e.GetString("CreatedBy") ?? "");
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
    };
}
