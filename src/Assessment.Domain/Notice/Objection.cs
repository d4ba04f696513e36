using System.Security.Cryptography;
using System.Text;
using Assessment.Domain.Cycles;
using Assessment.Domain.Problems;
using Assessment.Domain.Review;

namespace Assessment.Domain.Notice;

/// <summary>An objection as the public sends it, before it is checked.</summary>
public sealed record ObjectionInput(string? Village, string? Text, string? Contact);

/// <summary>The province's answer to an objection as it sends it, before it is checked.</summary>
public sealed record ResolutionInput(string? Outcome, string? Reason, string? Tier);

public enum ObjectionStatus
{
    Open,     // 待处理: holds up publishing
    Resolved, // 已处理
}

public enum ObjectionOutcome
{
    Dismiss, // 不予采纳: the decision stands
    Uphold,  // 予以采纳: optionally with another final tier, which replaces the decision
}

/// <summary>Who resolved an objection, how, when and why.</summary>
/// <param name="Tier">For an upheld objection, the village's new final tier, if the province set one.</param>
public sealed record ObjectionResolution(ObjectionOutcome Outcome, string Reason, Tier? Tier, string By, DateTimeOffset At)
{
    /// <summary>An upheld objection with a tier replaces the village's decision, as an override with the objection's reason.</summary>
    public DecisionRecord? AsDecision() => Outcome == ObjectionOutcome.Uphold && Tier is { } t ? new DecisionRecord(Decision.Override, t, Reason, By, At) : null;
}

/// <summary>The result of lodging or resolving an objection: the objection as it now is, a conflict (409) in words, or errors (422) naming their fields.</summary>
public sealed record ObjectionChange(Objection? Objection, string? Conflict, IReadOnlyList<ValidationError> Errors)
{
    public bool Ok => Objection is not null;
}

/// <summary>An objection (异议) against a village listed on the public notice.</summary>
public sealed record Objection(string Id, string Village, string Text, string? Contact, DateTimeOffset At, ObjectionResolution? Resolution = null)
{
    public const int MinTextLength = 10;
    public const int MaxTextLength = 1000;
    // A name with a phone number or an e-mail address fits well within it; the endpoint is open to
    // anyone, so nothing it stores is left unbounded.
    public const int MaxContactLength = 100;
    public const int MaxReasonLength = 500;

    public ObjectionStatus Status => Resolution is null ? ObjectionStatus.Open : ObjectionStatus.Resolved;

    /// <summary>Identical texts for the same village share this key, so they count once (<see cref="KeyOf"/>).</summary>
    public string Key => KeyOf(Village, Text);

    /// <summary>
    /// Checks an objection and takes it; the text and contact are kept as written, trimmed. Whether the
    /// notice is running is <see cref="PublicNotice.WhyNotObject"/>, and whether this text was lodged
    /// before is <see cref="KeyOf"/>: both for the caller to ask first.
    /// </summary>
    /// <param name="isListed">Whether a village code is on this cycle's public notice (its tier changes).</param>
    public static ObjectionChange Lodge(string id, ObjectionInput input, Func<string, bool> isListed, DateTimeOffset at)
    {
        var errors = new List<ValidationError>();
        var village = input.Village?.Trim() ?? "";
        if (village.Length == 0) errors.Add(new("the village is required", Field: "village"));
        else if (!isListed(village))
            errors.Add(new($"{village} is not on the public notice (公示): objections are taken only against villages whose tier changes in this cycle", Field: "village"));
        var text = TextField.Read(input.Text, "text", "the objection", MinTextLength, MaxTextLength, errors);
        var contact = TextField.Read(input.Contact, "contact", "the contact", 0, MaxContactLength, errors);
        // Typed text has line breaks and tabs at most; other control characters (NUL, escape
        // sequences) come from scripts and would reach the officers' screens and exports.
        if (HasControl(text)) errors.Add(new("the objection contains control characters; send plain text (line breaks are fine)", Field: "text"));
        if (HasControl(contact)) errors.Add(new("the contact contains control characters; send plain text", Field: "contact"));
        return errors.Count > 0 ? new(null, null, errors) : new(new Objection(id, village, text!, contact, at), null, []);
    }

    private static bool HasControl(string? text) => text is not null && text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));

    /// <summary>
    /// "An identical text for the same village counts once": the key is the SHA-256 (hex) of the village
    /// and the text normalised as a reader compares them — Unicode NFKC (full-width and half-width
    /// forms from different input methods are the same text) and every run of white space, line
    /// breaks included, as one space, trimmed. Case and punctuation stay: they are what the text says.
    /// Hashed so that the key has a fixed length and can be a storage row key whatever the text holds.
    /// </summary>
    public static string KeyOf(string village, string text)
    {
        var normalised = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c)) normalised.Append(c);
            else if (normalised.Length > 0 && normalised[^1] != ' ') normalised.Append(' ');
        }
        var key = village.Trim() + "\n" + normalised.ToString().TrimEnd();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>
    /// The province dismisses (the decision stands) or upholds (optionally with another final tier)
    /// an objection, always with a reason; only during the notice (also after its end, before
    /// publishing: otherwise an open objection could never be cleared), and only once.
    /// </summary>
    public ObjectionChange Resolve(ResolutionInput input, CyclePhase phase, string by, DateTimeOffset at)
    {
        if (phase != CyclePhase.Notice)
            return new(null, $"the cycle is {phase}; objections are resolved only during the public notice (公示)", []);
        if (Resolution is { } r)
            return new(null, $"objection {Id} was already resolved ({r.Outcome.ToString().ToLowerInvariant()}) by {r.By} at {ProvinceTime.Format(r.At)}", []);

        var errors = new List<ValidationError>();
        var known = Words.TryParse(input.Outcome?.Trim(), out ObjectionOutcome outcome);
        if (!known)
            errors.Add(new($"'{input.Outcome}' is not an outcome; use dismiss or uphold", Field: "outcome"));
        var reason = TextField.Read(input.Reason, "reason", "the reason", 1, MaxReasonLength, errors);
        Tier? tier = null;
        if (!string.IsNullOrWhiteSpace(input.Tier))
        {
            if (!Tiers.TryParse(input.Tier, out var t)) errors.Add(new($"'{input.Tier}' is not a tier; use demonstration, excellence or foundation", Field: "tier"));
            else if (known && outcome == ObjectionOutcome.Dismiss) errors.Add(new("a dismissed objection leaves the decision as it is: only uphold may set a tier", Field: "tier"));
            else tier = t;
        }
        return errors.Count > 0 ? new(null, null, errors) : new(this with { Resolution = new(outcome, reason!, tier, by, at) }, null, []);
    }
}
