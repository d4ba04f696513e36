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

public static partial class AuthApi
{
    public const int MinPasswordLength = 8;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex UsernamePattern();

    public static void MapAuthApi(this WebApplication app)
    {
        app.MapPost("/api/auth/token", async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> (
            TokenRequest body, UserStore users, IPasswordHasher<StoredUser> hasher, TokenIssuer tokens, CancellationToken ct) =>
        {
            var user = string.IsNullOrWhiteSpace(body.Username) || !UsernamePattern().IsMatch(body.Username) ? null : await users.GetAsync(body.Username, ct);
            if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, body.Password ?? "") == PasswordVerificationResult.Failed)
            {
                return Problems.Create(401, "Sign-in failed", "The user name or password is wrong.");
            }
            var (token, expires) = tokens.Issue(user.Username, user.Role, user.RegionCode);
            return TypedResults.Ok(new TokenResponse(token, expires, user.Role.ToWire(), user.RegionCode));
        }).AllowAnonymous();

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

        app.MapGet("/api/users/me", (HttpContext http) =>
        {
            var actor = http.Actor();
            return TypedResults.Ok(new UserResponse(actor.Username, actor.Role.ToWire(), actor.Region?.Value ?? "", null));
        }).RequireUser();
    }
}
