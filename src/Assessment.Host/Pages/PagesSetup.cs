using System.Globalization;
using System.Security.Claims;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;

namespace Assessment.Host.Pages;

/// <summary>
/// The pages people use in a browser (Razor Pages, served by the same host): signed in with a cookie that
/// carries the same claims as a bearer token, so <see cref="AuthSetup.Actor"/> and the region rules are the
/// same as the API's. The API itself never accepts the cookie (no cross-site request reaches it).
/// Chinese first; English on a switch (<see cref="Text"/>).
/// </summary>
public static class PagesSetup
{
    public const string Scheme = "Pages";
    public const string Policy = "Pages";
    public const string LanguageCookie = "lang";

    public static void AddAssessmentPages(this WebApplicationBuilder builder)
    {
        // tools/run runs the build output, not a publish: the build's manifest says where the compressed copies of the
        // static files are (obj/), in every environment (without it a gzip request for a stylesheet gets an empty body).
        builder.WebHost.UseStaticWebAssets();
        // Chinese text is written as text, not as &#x...; entities (smaller pages, readable source).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddRazorPages(o =>
        {
            // Every page needs a signed-in user, except those that say [AllowAnonymous] (sign-in, the public board).
            o.Conventions.AuthorizeFolder("/", Policy);
        });
        builder.Services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "assessment";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // Like a token: the user must still exist, be enabled and have the version the cookie was issued for.
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var principal = context.Principal!;
                var name = principal.FindFirst(TokenIssuer.NameClaim)?.Value ?? "";
                int.TryParse(principal.FindFirst(TokenIssuer.VersionClaim)?.Value, out var version);
                var current = context.HttpContext.RequestServices.GetRequiredService<CurrentUsers>();
                if (await current.RevokedAsync(name, version, context.HttpContext.RequestAborted) is not null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<TimeProvider>((cookie, time) => cookie.TimeProvider = time);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());

        // Hosts that share the data folder read each other's cookies (and a restart keeps everyone signed in).
        var dataDirectory = builder.Configuration["Assessment:DataDirectory"] ?? ".data";
        builder.Services.AddDataProtection().SetApplicationName("assessment")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));

        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            CultureInfo[] cultures = [new("zh-CN"), new("en")];
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = LanguageCookie, UIQueryStringKey = LanguageCookie },
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
            ];
        });
    }

    /// <summary>Before authentication: the language of the page, static files, and HTML error pages outside /api.</summary>
    public static void UseAssessmentPages(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseWhen(c => IsPage(c.Request), web => web.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        // Routing after the re-execution, so that the error page is routed like any page (before it, a re-executed
        // request would keep the endpoint already chosen, or none).
        app.UseRouting();
    }

    /// <summary>Whether a request is for a page (answered in HTML) rather than for the API or an operator's endpoint (problem JSON).</summary>
    public static bool IsPage(HttpRequest request) =>
        !ServicePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] ServicePaths = ["/api", "/health", "/metrics", "/openapi", "/docs", "/dashboard"];

    public static void MapAssessmentPages(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();

        // The language switch: remembered for a year, then back to the page it was pressed on.
        app.MapGet("/language/{code}", (string code, string? back, HttpContext http) =>
        {
            var culture = code == "en" ? "en" : "zh-CN";
            http.Response.Cookies.Append(LanguageCookie, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(back is not null && back.StartsWith('/') && !back.StartsWith("//") ? back : "/");
        }).ExcludeFromDescription();
    }

    /// <summary>The principal a page session carries: the claims of a token for this user.</summary>
    public static ClaimsPrincipal Principal(Storage.StoredUser user) => new(new ClaimsIdentity(
        [
            new Claim(TokenIssuer.NameClaim, user.Username),
            new Claim(TokenIssuer.RoleClaim, user.Role.ToWire()),
            new Claim(TokenIssuer.RegionClaim, user.RegionCode),
            new Claim(TokenIssuer.VersionClaim, user.TokenVersion.ToString(CultureInfo.InvariantCulture)),
        ], Scheme, TokenIssuer.NameClaim, TokenIssuer.RoleClaim));

    /// <summary>Whether the page's reader is this role.</summary>
    public static bool Is(this HttpContext http, params Role[] roles) =>
        http.User.Identity?.IsAuthenticated == true && roles.Contains(http.Actor().Role);
}
