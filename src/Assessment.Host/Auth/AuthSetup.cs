using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Hosting;
using Assessment.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;

namespace Assessment.Host.Auth;

public static class AuthSetup
{
    public static void AddAssessmentAuth(this WebApplicationBuilder builder)
    {
        var options = AuthOptions.From(builder.Configuration);
        Settings.Check(new AuthOptionsValidator(builder.Environment.IsDevelopment()), options);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        var key = TokenIssuer.ResolveKey(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new TokenIssuer(key, options, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IPasswordHasher<StoredUser>, PasswordHasher<StoredUser>>();

        builder.Services.AddSingleton<CurrentUsers>();
        builder.Services.AddSingleton<SignInGuard>();
        builder.Services.AddSingleton<SignIn>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenHandlers.Clear();
            jwt.TokenHandlers.Add(new CheckedTokens { MapInboundClaims = false });
            // A valid signature is not enough: the user must still exist, be enabled and have the token's version.
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var principal = context.Principal!;
                    var name = principal.FindFirst(TokenIssuer.NameClaim)?.Value ?? "";
                    int.TryParse(principal.FindFirst(TokenIssuer.VersionClaim)?.Value, out var version);
                    var current = context.HttpContext.RequestServices.GetRequiredService<CurrentUsers>();
                    if (await current.RevokedAsync(name, version, context.HttpContext.RequestAborted) is { } why)
                    {
                        context.HttpContext.Items[RevokedItem] = $"This token no longer works: {why}. Sign in again.";
                        context.Fail(why);
                    }
                },
            };
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenIssuer.Issuer,
                ValidAudience = TokenIssuer.Issuer,
                IssuerSigningKey = key,
                NameClaimType = TokenIssuer.NameClaim,
                RoleClaimType = TokenIssuer.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        // Expiry is judged by the service's clock, the same one that set it (a test moves it forward).
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, time) =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || now + p.ClockSkew >= notBefore.Value) && (expires is null || now - p.ClockSkew < expires.Value);
            });
        builder.Services.AddAuthorization();
    }

    /// <summary>Where a revoked token's reason waits for the 401's detail.</summary>
    public const string RevokedItem = "assessment.token-revoked";

    /// <summary>The first admin comes from configuration (api.md): created, or its password brought in line.</summary>
    public static async Task EnsureAdminAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AuthOptions>();
        var users = app.Services.GetRequiredService<UserStore>();
        var hasher = app.Services.GetRequiredService<IPasswordHasher<StoredUser>>();
        var password = string.IsNullOrEmpty(options.AdminPassword) ? AuthOptions.DevelopmentAdminPassword : options.AdminPassword;

        var existing = await users.GetAsync(AuthOptions.AdminUsername);
        if (existing is not null && hasher.VerifyHashedPassword(existing, existing.PasswordHash, password) != PasswordVerificationResult.Failed) return;
        var admin = existing ?? new StoredUser(AuthOptions.AdminUsername, "", Role.Admin, "", "Administrator",
            app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), "configuration");
        // A new password from configuration ends the tokens issued under the old one.
        await users.UpsertAsync(admin.Changed(Role.Admin, "", admin.DisplayName, hasher.HashPassword(admin, password), disabled: false));
    }

    /// <summary>The signed-in user as the rules see it.</summary>
    public static Actor Actor(this HttpContext context)
    {
        var user = context.User;
        var name = user.FindFirst(TokenIssuer.NameClaim)?.Value ?? throw new InvalidOperationException("no signed-in user");
        Roles.TryParse(user.FindFirst(TokenIssuer.RoleClaim)?.Value, out var role);
        var region = user.FindFirst(TokenIssuer.RegionClaim)?.Value;
        // The bootstrap admin has no region of its own: it reaches everything (Actor.Reaches).
        return new Actor(name, role, DivisionCode.TryParse(region, out var code, out _) ? code : null);
    }
}
