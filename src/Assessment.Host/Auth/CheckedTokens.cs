using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assessment.Host.Auth;

/// <summary>
/// The bearer token handler, checking a token's signature once rather than on every request (the
/// HMAC and the claim parsing were about a tenth of a village read when profiled). A checked token
/// is remembered by its text, which it cannot change without failing the check; its lifetime is
/// judged again on each use, and whether its user may still use it is asked on every request
/// (<see cref="AuthSetup"/>'s OnTokenValidated), so remembering changes no answer.
/// </summary>
public sealed class CheckedTokens : JsonWebTokenHandler
{
    /// <summary>Enough for every signed-in user of a province; past it the memory starts again.</summary>
    private const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, TokenValidationResult> valid = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (valid.TryGetValue(token, out var known))
        {
            var checkedToken = known.SecurityToken;
            var stillValid = validationParameters.LifetimeValidator is { } lifetime
                ? lifetime(checkedToken.ValidFrom, checkedToken.ValidTo, checkedToken, validationParameters)
                : checkedToken.ValidTo > DateTime.UtcNow;
            if (stillValid) return known;
            valid.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid)
        {
            if (valid.Count >= Capacity) valid.Clear();
            valid[token] = result;
        }
        return result;
    }
}
