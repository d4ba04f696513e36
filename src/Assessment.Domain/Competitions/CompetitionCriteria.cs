using System.Globalization;
using System.Text.RegularExpressions;

namespace Assessment.Domain.Competitions;

/// <summary>One thing the judges score (评分项), from 0 to <see cref="Points"/> in steps of 0.1.</summary>
public sealed record Criterion(string Code, string NameZh, string? NameEn, decimal Points)
{
    /// <summary>The finest score a judge gives, and the grain of a criterion's points: a tenth of a point.</summary>
    public const decimal Step = 0.1m;

    /// <summary>What a judge may give, in words, for error messages.</summary>
    public string Allowed => $"0 to {Show(Points)} in steps of 0.1";

    internal string Label => $"{Code} ({NameZh})";

    /// <summary>Decimal remainder is exact, so 24.9 is on the step and 0.05 is not (no binary fractions).</summary>
    internal static bool OnStep(decimal value) => value % Step == 0;

    /// <summary>A number as the officer typed it, without trailing zeros: 24.9, 0.05, 25.</summary>
    internal static string Show(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}

/// <summary>
/// A competition's criteria and the one place that decides whether a criteria list, or a judge's
/// score sheet against it, is valid (domain.md, Competitions).
/// </summary>
public sealed partial class CompetitionCriteria
{
    /// <summary>The criterion whose mean breaks a tie of final scores unless another is named: 晒实绩.</summary>
    public const string DefaultTieBreak = "results";

    private readonly Dictionary<string, Criterion> byCode;
    private readonly bool tieBreakNamed;

    public IReadOnlyList<Criterion> Items { get; }

    /// <summary>
    /// The code of the criterion whose mean breaks a tie of final scores. A custom list either contains
    /// <c>results</c> or names its tie-break criterion here; <see cref="Validate"/> refuses anything else,
    /// so no competition ranks without knowing its second key.
    /// </summary>
    public string TieBreak { get; }

    /// <param name="tieBreak">The tie-break criterion's code; null means <c>results</c>.</param>
    public CompetitionCriteria(IEnumerable<Criterion> criteria, string? tieBreak = null)
    {
        Items = criteria.ToList();
        TieBreak = tieBreak ?? DefaultTieBreak;
        tieBreakNamed = tieBreak is not null;
        byCode = Items.Where(c => c.Code is not null).GroupBy(c => c.Code).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The default four of domain.md: 100 points, ties broken on 晒实绩.</summary>
    public static CompetitionCriteria Default { get; } = new(
    [
        new("ideas", "比思路", "Ideas", 25),
        new("results", "晒实绩", "Results", 40),
        new("style", "展风采", "Style", 15),
        new("revitalization", "话振兴", "Revitalization", 20),
    ]);

    public Criterion? Find(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The most a judge's total can be.</summary>
    public decimal MaxTotal => Items.Sum(c => c.Points);

    // The same rule as indicator codes, so that every code in the product looks alike.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex CodePattern();

    /// <summary>What is wrong with a competition's criteria; empty when it can be scored with them.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Items.Count == 0)
        {
            errors.Add(new("a competition needs at least one criterion", Field: "criteria"));
            return errors;
        }
        for (var n = 0; n < Items.Count; n++)
        {
            var c = Items[n];
            var at = $"criteria[{n}]";
            void Fail(string field, string message) => errors.Add(new($"{(string.IsNullOrEmpty(c.Code) ? at : c.Code)}: {message}", Field: $"{at}.{field}"));
            if (string.IsNullOrEmpty(c.Code)) Fail("code", "the code is empty; a code is 1 to 64 of a–z, 0–9 and '_', starting with a letter");
            else if (!CodePattern().IsMatch(c.Code)) Fail("code", "a code is 1 to 64 of a–z, 0–9 and '_', starting with a (lower-case) letter");
            else if (Items.Take(n).Any(o => o.Code == c.Code)) Fail("code", "this code appears twice");
            if (string.IsNullOrWhiteSpace(c.NameZh)) Fail("nameZh", "the Chinese name is empty");
            if (c.Points <= 0) Fail("points", $"{Criterion.Show(c.Points)} points; a criterion must be worth more than 0");
            else if (!Criterion.OnStep(c.Points)) Fail("points", $"{Criterion.Show(c.Points)} points; points go in steps of 0.1 (judges score in tenths)");
        }
        if (!byCode.ContainsKey(TieBreak))
        {
            errors.Add(tieBreakNamed
                ? new($"the tie-break criterion '{TieBreak}' is not one of the criteria ({Codes})", Field: "tieBreak")
                : new($"there is no '{DefaultTieBreak}' criterion (晒实绩), which breaks ties by default; add it, or name the criterion that breaks ties in tieBreak", Field: "tieBreak"));
        }
        return errors;
    }

    /// <summary>
    /// Checks a judge's sheet <c>{criteria: {code: points}}</c>: every criterion exactly once, no other
    /// code, each from 0 to its points in steps of 0.1. Pairs rather than a dictionary, so that a code
    /// sent twice is seen. Each error names the criterion, the value and what is allowed.
    /// </summary>
    public IReadOnlyList<ValidationError> Check(IEnumerable<KeyValuePair<string, decimal>> sheet)
    {
        var errors = new List<ValidationError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (given, value) in sheet)
        {
            var code = given ?? "";
            var field = $"criteria.{code}";
            if (Find(code) is not { } c)
            {
                errors.Add(new($"'{code}' is not a criterion of this competition; the criteria are {Codes}", Field: field));
                continue;
            }
            if (!seen.Add(code))
            {
                errors.Add(new($"{c.Label} is given twice; give each criterion once", Field: field));
                continue;
            }
            if (value < 0 || value > c.Points)
                errors.Add(new($"{c.Label}: {Criterion.Show(value)} is out of range; allowed {c.Allowed}", Field: field));
            else if (!Criterion.OnStep(value))
                errors.Add(new($"{c.Label}: {Criterion.Show(value)} is not a multiple of 0.1; allowed {c.Allowed}", Field: field));
        }
        foreach (var c in Items.Where(c => !seen.Contains(c.Code)))
            errors.Add(new($"{c.Label} has no score; give {c.Allowed}", Field: $"criteria.{c.Code}"));
        return errors;
    }

    private string Codes => string.Join(", ", Items.Select(c => c.Code));
}
