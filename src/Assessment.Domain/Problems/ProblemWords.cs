namespace Assessment.Domain.Problems;

/// <summary>How serious a problem is; a major one keeps a Foundation village at Foundation until verified.</summary>
public enum ProblemSeverity
{
    Minor, // 一般
    Major, // 重大
}

/// <summary>How a problem was found.</summary>
public enum ProblemSource
{
    Inspection, // 巡察督查
    Hotline,    // 热线诉求
    SelfCheck,  // 自查自纠; on the wire "self-check"
    Other,      // 其他
}

/// <summary>Open → Rectified (with evidence) → Verified, or back from Rectified to Open (reopened).</summary>
public enum ProblemStatus
{
    Open,      // 待整改
    Rectified, // 已整改, awaiting verification
    Verified,  // 已验收: the loop is closed
}

public static class ProblemSeverities
{
    public static string Chinese(this ProblemSeverity severity) => severity == ProblemSeverity.Major ? "重大" : "一般";

    public static bool TryParse(string? text, out ProblemSeverity severity) => Words.TryParse(text, out severity);
}

public static class ProblemSources
{
    public static string Chinese(this ProblemSource source) => source switch
    {
        ProblemSource.Inspection => "巡察督查",
        ProblemSource.Hotline => "热线诉求",
        ProblemSource.SelfCheck => "自查自纠",
        _ => "其他",
    };

    /// <summary>Only the wire words (any case): "selfcheck" or "self_check" are refused rather than guessed.</summary>
    public static bool TryParse(string? text, out ProblemSource source) => Words.TryParse(text, out source);
}

public static class ProblemStatuses
{
    public static string Chinese(this ProblemStatus status) => status switch
    {
        ProblemStatus.Open => "待整改",
        ProblemStatus.Rectified => "已整改",
        _ => "已验收",
    };

    public static bool TryParse(string? text, out ProblemStatus status) => Words.TryParse(text, out status);
}
