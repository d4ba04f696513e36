using Humanizer;
using System.Text.RegularExpressions;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Assessment.Host.Api;

public sealed record TokenRequest(string? Username, string? Password);
public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, string Role, string RegionCode);
public sealed record CreateUserRequest(string? Username, string? Password, string? Role, string? RegionCode, string? DisplayName);
public sealed record UserResponse(string Username, string Role, string RegionCode, string? DisplayName);
public sealed record UserListEntry(
    string Username, string Role, string RegionCode, string? DisplayName, bool Disabled,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? LockedUntil)
{
    public static UserListEntry From(StoredUser u, DateTimeOffset now) =>
        new(u.Username, u.Role.ToWire(), u.RegionCode, u.DisplayName, u.Disabled, u.LockedUntil > now ? u.LockedUntil : null);
}
public sealed record ChangeUserRequest(string? Role, string? RegionCode, string? DisplayName, string? Password, bool? Disabled);

public static partial class AuthApi
{
    public const int MinPasswordLength = 8;

    private static Regex UsernamePattern() => SignIn.UsernamePattern();

    public static void MapAuthApi(this WebApplication app)
    {
        app.MapPost("/api/auth/token", SignInAsync).AllowAnonymous().WithMetadata(new LimitedMetadata())
            .ProducesProblem(StatusCodes.Status401Unauthorized); // a wrong name or password

        app.MapPost("/api/users", async Task<Results<Created<UserResponse>, ProblemHttpResult>> (
            CreateUserRequest body, HttpContext http, UserStore users, RegionStore regions, IPasswordHasher<StoredUser> hasher, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new List<ValidationError>();
            if (string.IsNullOrWhiteSpace(body.Username) || !UsernamePattern().IsMatch(body.Username))
                errors.Add(new("the user name must be 1 to 64 letters, digits, '_', '.' or '-'", Field: "username"));
            if (string.IsNullOrEmpty(body.Password) || body.Password.Length < MinPasswordLength)
                errors.Add(new($"the password must have at least {MinPasswordLength} characters", Field: "password"));
            if (!Roles.TryParse(body.Role, out var role))
                errors.Add(new($"'{body.Role}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}", Field: "role"));
            DivisionCode? region = null;
            if (!DivisionCode.TryParse(body.RegionCode, out var parsed, out var reason)) errors.Add(new(reason!, Field: "regionCode"));
            else region = parsed;
            if (region is { } r && Actor.RequiredLevel(role) is { } level && r.Level != level)
                errors.Add(new($"a {role.ToWire()} user's region must be a {level.ToWire()}; {r} is a {r.Level.ToWire()}", Field: "regionCode"));
            if (body.DisplayName is { Length: > 64 }) errors.Add(new("the display name has more than 64 characters", Field: "displayName"));
            if (errors.Count == 0 && await regions.GetAsync(region!.Value, ct) is null)
                errors.Add(new($"the region {region} is unknown: import it first", Field: "regionCode"));
            if (errors.Count > 0) return Problems.Invalid("The user was not created.", errors);

            var user = new StoredUser(body.Username!, "", role, region!.Value.Value, body.DisplayName, time.GetUtcNow(), http.Actor().Username);
            user = user with { PasswordHash = hasher.HashPassword(user, body.Password!) };
            if (!await users.AddAsync(user, ct)) return Problems.Conflict($"The user name '{user.Username}' is taken.");
            return TypedResults.Created($"/api/users/{user.Username}", new UserResponse(user.Username, role.ToWire(), user.RegionCode, user.DisplayName));
        }).RequireRoles(Role.Admin);

        app.MapGet("/api/users", ListUsersAsync).RequireRoles(Role.Admin);
        app.MapPut("/api/users/{username}", ChangeUserAsync).RequireRoles(Role.Admin);

        app.MapGet("/api/users/me", (HttpContext http) =>
        {
            var actor = http.Actor();
            return TypedResults.Ok(new UserResponse(actor.Username, actor.Role.ToWire(), actor.Region?.Value ?? "", null));
        }).RequireUser();
    }

    private static async Task<Results<Ok<Page<UserListEntry>>, ProblemHttpResult>> ListUsersAsync(
        string? role, string? region, int? limit, string? after, UserStore users, TimeProvider time, CancellationToken ct)
    {
        if (!Paging.TryRead(limit, after, out var size, out var afterName, out var error)) return Problems.Invalid(error!.Message, [error]);
        Role? only = null;
        if (role is not null)
        {
            if (!Roles.TryParse(role, out var r)) return Problems.BadRequest($"'{role}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(x => x.ToWire()))}.", "role");
            only = r;
        }
        DivisionCode? within = null;
        if (region is not null)
        {
            if (!DivisionCode.TryParse(region, out var code, out var reason)) return Problems.BadRequest(reason!, "region");
            within = code;
        }
        var matching = (await users.ListAsync(ct))
            .Where(u => only is null || u.Role == only)
            .Where(u => within is null || (DivisionCode.TryParse(u.RegionCode, out var c, out _) && within.Value.Contains(c.Value)))
            .Where(u => afterName is null || string.CompareOrdinal(u.Username, afterName) > 0)
            .OrderBy(u => u.Username, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = matching.Take(size).Select(u => UserListEntry.From(u, time.GetUtcNow())).ToList();
        return TypedResults.Ok(new Page<UserListEntry>(page, Paging.Cursor(matching.Count > size ? page[^1].Username : null)));
    }

    private static async Task<Results<Ok<UserListEntry>, ProblemHttpResult>> ChangeUserAsync(
        string username, ChangeUserRequest body, HttpContext http, UserStore users, RegionStore regions, IPasswordHasher<StoredUser> hasher, CurrentUsers current,
        ILogger<ChangeUserRequest> log, TimeProvider time, CancellationToken ct)
    {
        if (await users.GetAsync(username, ct) is not { } user) return Problems.NotFound($"No user {username} exists.");
        var errors = new List<ValidationError>();
        var role = user.Role;
        if (body.Role is not null && !Roles.TryParse(body.Role, out role))
            errors.Add(new($"'{body.Role}' is not a role; use {string.Join(", ", Enum.GetValues<Role>().Select(r => r.ToWire()))}", Field: "role"));
        var regionCode = body.RegionCode ?? user.RegionCode;
        if (username == AuthOptions.AdminUsername && (role != Role.Admin || regionCode != "" || body.Disabled == true))
            errors.Add(new("the administrator from configuration stays an enabled admin; change its password in Assessment:Admin:Password", Field: "username"));
        else if (Actor.RequiredLevel(role) is { } level)
        {
            if (!DivisionCode.TryParse(regionCode, out var region, out var reason)) errors.Add(new(reason!, Field: "regionCode"));
            else if (region.Value.Level != level) errors.Add(new($"a {role.ToWire()} user's region must be a {level.ToWire()}; {region} is a {region.Value.Level.ToWire()}", Field: "regionCode"));
            else if (await regions.GetAsync(region.Value, ct) is null) errors.Add(new($"the region {region} is unknown: import it first", Field: "regionCode"));
        }
        if (body.Password is { Length: < MinPasswordLength }) errors.Add(new($"the password must have at least {MinPasswordLength} characters", Field: "password"));
        if (body.DisplayName is { Length: > 64 }) errors.Add(new("the display name has more than 64 characters", Field: "displayName"));
        if (errors.Count > 0) return Problems.Invalid($"User {username} was not changed.", errors);

        var hash = body.Password is null ? user.PasswordHash : hasher.HashPassword(user, body.Password);
        var changed = user.Changed(role, regionCode, body.DisplayName ?? user.DisplayName, hash, body.Disabled ?? user.Disabled);
        await users.UpsertAsync(changed, ct);
        current.Forget(username);
        log.UserChanged(http.Actor().Username, username, changed.Role.ToWire(), changed.RegionCode, changed.Disabled);
        return TypedResults.Ok(UserListEntry.From(changed, time.GetUtcNow()));
    }

    /// <summary>A token for a user name and password, behind the <see cref="SignInGuard"/>.</summary>
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(
        TokenRequest body, HttpContext http, SignIn signIn, TokenIssuer tokens, CancellationToken ct)
    {
        var outcome = await signIn.TryAsync(body.Username, body.Password, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (outcome.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (outcome.User is not { } user) return Problems.Create(outcome.Status, outcome.Title, outcome.Detail);
        var (token, expires) = tokens.Issue(user.Username, user.Role, user.RegionCode, user.TokenVersion);
        return TypedResults.Ok(new TokenResponse(token, expires, user.Role.ToWire(), user.RegionCode));
    }
}
