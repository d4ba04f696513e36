using System.Globalization;

namespace Assessment.Host.Pages;

/// <summary>
/// The pages' words, Chinese first: each is written once where it is shown, as <c>T("村庄", "Villages")</c>,
/// and the request's language (cookie or <c>?lang=</c>, set by <see cref="PagesSetup"/>) picks one.
/// </summary>
public static class Text
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string zh, string en) => English ? en : zh;

    /// <summary>The html element's lang attribute.</summary>
    public static string Lang => English ? "en" : "zh-CN";

    public static string TierName(Domain.Tier? tier) => tier switch
    {
        Domain.Tier.Demonstration => T("示范", "Demonstration"),
        Domain.Tier.Excellence => T("创优", "Excellence"),
        Domain.Tier.Foundation => T("强基", "Foundation"),
        _ => T("未定级", "Not rated"),
    };

    /// <summary>The badge classes of a tier (site.css).</summary>
    public static string TierClass(Domain.Tier? tier) => tier switch
    {
        Domain.Tier.Demonstration => "tier tier-demonstration",
        Domain.Tier.Excellence => "tier tier-excellence",
        Domain.Tier.Foundation => "tier tier-foundation",
        _ => "tier tier-none",
    };

    public static string RoleName(Domain.Access.Role role) => role switch
    {
        Domain.Access.Role.Admin => T("系统管理员", "Administrator"),
        Domain.Access.Role.Province => T("省委组织部", "Province"),
        Domain.Access.Role.City => T("市委组织部", "City"),
        Domain.Access.Role.County => T("县级组织部门", "County"),
        Domain.Access.Role.Judge => T("评委", "Judge"),
        _ => role.ToString(),
    };

    public static string PhaseName(Domain.Cycles.CyclePhase phase) => phase switch
    {
        Domain.Cycles.CyclePhase.Open => T("填报中", "Open"),
        Domain.Cycles.CyclePhase.Frozen => T("已冻结", "Frozen"),
        Domain.Cycles.CyclePhase.Computed => T("待审定", "Computed"),
        Domain.Cycles.CyclePhase.Notice => T("公示中", "Notice"),
        Domain.Cycles.CyclePhase.Published => T("已发布", "Published"),
        _ => phase.ToString(),
    };
}
