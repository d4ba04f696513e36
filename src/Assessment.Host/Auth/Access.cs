using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Api;

namespace Assessment.Host.Auth;

/// <summary>
/// Who may call what, in one place: every endpoint states its roles and, where it names a region
/// or village in its route, that the caller's region must reach it (domain.md, People).
/// </summary>
public static class Access
{
    /// <summary>Signed-in users of these roles only (401 without a token, 403 for another role).</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.WithMetadata(new RolesMetadata(roles));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var actor = context.HttpContext.Actor();
            if (!roles.Contains(actor.Role))
            {
                return Problems.Forbidden($"A {actor.Role.ToWire()} user may not do this; it needs the role {string.Join(" or ", roles.Select(r => r.ToWire()))}.");
            }
            return await next(context);
        });
    }

    /// <summary>Any signed-in user.</summary>
    public static TBuilder RequireUser<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization();

    /// <summary>
    /// The region or village named by <paramref name="parameter"/> (a route value, or else a query
    /// parameter) must lie inside the caller's region. An optional parameter may be left out (the
    /// endpoint then works within the caller's own region).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string parameter, bool optional = false) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization();
        builder.WithMetadata(new ScopeMetadata(parameter));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            var text = request.RouteValues[parameter] as string ?? request.Query[parameter].ToString();
            if (optional && string.IsNullOrEmpty(text)) return await next(context);
            if (!DivisionCode.TryParse(text, out var code, out var reason))
            {
                return Problems.BadRequest(reason!, field: parameter);
            }
            var actor = context.HttpContext.Actor();
            if (!actor.Reaches(code.Value))
            {
                return Problems.Forbidden($"{code} lies outside your region {actor.Region?.Value ?? "(none)"}.");
            }
            return await next(context);
        });
    }
}
