using System.Diagnostics.CodeAnalysis;

namespace Assessment.Domain.Competitions;

/// <summary>Scheduled → Live → Closed (domain.md, Competitions); never back.</summary>
public enum CompetitionPhase
{
    Scheduled, // 待开赛: contestants are added, nobody scores yet
    Live,      // 比赛中: judges score, and may change their scores
    Closed,    // 已结束: the results are final and never change
}

public static class CompetitionPhases
{
    /// <summary>Whether a competition may go from one phase to another, and if not, why in words.</summary>
    public static bool CanMove(this CompetitionPhase from, CompetitionPhase to, [NotNullWhen(false)] out string? refusal)
    {
        refusal = (from, to) switch
        {
            (CompetitionPhase.Scheduled, CompetitionPhase.Live) or (CompetitionPhase.Live, CompetitionPhase.Closed) => null,
            (CompetitionPhase.Closed, _) => "the competition is Closed: its results are final and it never changes phase again",
            _ when from == to => $"the competition is already {from}",
            (CompetitionPhase.Scheduled, CompetitionPhase.Closed) => "the competition has not started: start it (Live) and let the judges score before closing it",
            _ => $"a competition never goes back: it is {from} and cannot become {to} again",
        };
        return refusal is null;
    }

    /// <summary>Scores are accepted, and may be changed, only while Live; otherwise why not.</summary>
    public static bool AcceptsScores(this CompetitionPhase phase, [NotNullWhen(false)] out string? refusal)
    {
        refusal = phase switch
        {
            CompetitionPhase.Live => null,
            CompetitionPhase.Scheduled => "the competition has not started yet: scores are accepted once it is Live",
            _ => "the competition is Closed: its scores are final and can no longer be given or changed",
        };
        return refusal is null;
    }
}
