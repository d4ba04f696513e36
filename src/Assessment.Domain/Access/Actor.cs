using Assessment.Domain.Regions;

namespace Assessment.Domain.Access;

/// <summary>A signed-in user as the rules see it: a role acting inside a region.</summary>
public sealed record Actor(string Username, Role Role, DivisionCode? Region)
{
    /// <summary>
    /// A user acts only inside its region: a county officer of 370322 reaches 370322xxxxxx and
    /// nowhere else. The admin reaches everything.
    /// </summary>
    public bool Reaches(DivisionCode target) => Role == Role.Admin || (Region is { } r && r.Contains(target));

    /// <summary>The level a role's region must have, so that a county officer is never given a city.</summary>
    public static RegionLevel? RequiredLevel(Role role) => role switch
    {
        Role.Province => RegionLevel.Province,
        Role.City => RegionLevel.City,
        Role.County => RegionLevel.County,
        _ => null, // admin and judges may sit at any level
    };
}
