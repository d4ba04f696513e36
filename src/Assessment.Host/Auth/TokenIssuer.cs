using Assessment.Domain;
using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Assessment.Domain.Access;
using Microsoft.IdentityModel.Tokens;

namespace Assessment.Host.Auth;

/// <summary>Issues the bearer tokens (JWT, HMAC-SHA256) that carry a user's name, role and region.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, AuthOptions options, TimeProvider time)
{
    public const string Issuer = "assessment";
    public const string RoleClaim = "role";
    public const string RegionClaim = "region";
    public const string NameClaim = "sub";
    /// <summary>The user's token version when the token was issued (<see cref="CurrentUsers"/>).</summary>
    public const string VersionClaim = "ver";

    public (string Token, DateTimeOffset ExpiresAt) Issue(string username, Role role, string regionCode, int version = 0)
    {
        var now = time.GetUtcNow();
        var expires = now + options.TokenLifetime;
        var token = new JwtSecurityToken(
            issuer: Issuer,
            audience: Issuer,
            claims: [new Claim(NameClaim, username), new Claim(RoleClaim, role.ToWire()), new Claim(RegionClaim, regionCode),
                new Claim(VersionClaim, version.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer32)],
            notBefore: now.UtcDateTime,
            expires: expires.UtcDateTime,
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return (new JwtSecurityTokenHandler().WriteToken(token), expires);
    }

    /// <summary>
    /// The configured key, or one generated once and kept in the data folder, so that tokens stay
    /// valid across restarts and hosts sharing the folder accept each other's tokens.
    /// </summary>
    public static SymmetricSecurityKey ResolveKey(AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
            if (bytes.Length < 32) throw new InvalidOperationException("Assessment:Jwt:SigningKey must be at least 32 characters long.");
            return new SymmetricSecurityKey(bytes);
        }
        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.Combine(options.DataDirectory, "jwt-signing.key");
        if (!File.Exists(path))
        {
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.ASCII.GetBytes(fresh));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another host sharing the folder wrote it first: use theirs.
            }
        }
        return new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }
}
