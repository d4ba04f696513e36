namespace Assessment.Domain.Access;

/// <summary>Who a user is (domain.md, People).</summary>
public enum Role
{
    Admin,    // system operator
    Province, // 省委组织部
    City,     // 市委组织部
    County,   // 县级组织部门干部
    Judge,    // 擂台比武评委
}

public static class Roles
{
    public static bool TryParse(string? text, out Role role) => Words.TryParse(text, out role);
}
