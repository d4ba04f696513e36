using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Notice;

namespace Assessment.Abstractions.Notice;

/// <summary>
/// The objections (异议) against one county's villages in one cycle's public notice (公示), keyed
/// "{cycle}/{county}": their single writer. An objection is acknowledged only once its row is
/// stored; the grain keeps the county's objections in memory (a county sees a handful, not thousands).
/// </summary>
public interface ICountyObjectionsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes an objection during the notice that runs until <paramref name="noticeUntil"/> (the grain
    /// judges the time itself, when it stores: 409 from then on), 422 village not listed or text out of
    /// bounds. The same text for the same village again answers the first objection
    /// (<see cref="Lodged.Created"/> false). The caller has read the cycle's window: this grain never
    /// calls its cycle and back, so the cycle may ask it for its counts while it works.
    /// </summary>
    Task<Lodged> LodgeAsync(ObjectionInput input, DateTimeOffset noticeFrom, DateTimeOffset noticeUntil);

    /// <summary>The county's objections in the region (a village-code prefix), by id, after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<ObjectionView>> ListAsync(string? regionPrefix, ObjectionStatus? status, string? after, int limit);

    /// <summary>Dismisses or upholds one objection (404 unknown, 409 resolved already or not in Notice, 422 no reason).</summary>
    /// <param name="phase">The cycle's phase as the caller read it: resolving needs Notice.</param>
    Task<ObjectionView> ResolveAsync(string id, ResolutionInput input, string user, Assessment.Domain.Cycles.CyclePhase phase);

    Task<ObjectionTally> GetTallyAsync();

    public static string Key(string cycle, string county) => $"{cycle}/{county}";

    /// <summary>
    /// An objection's id names its cycle, its county (the first six digits) and its number there:
    /// "2024-370322-3". Resolving by id then reaches the one grain that holds it.
    /// </summary>
    public static string IdOf(string cycle, string county, int number) => $"{cycle}-{county[..6]}-{number}";

    /// <summary>The cycle and county an id names; false for anything this service never gave out.</summary>
    public static bool TryParseId(string? id, out string cycle, out string county, out int number)
    {
        (cycle, county, number) = ("", "", 0);
        var parts = (id ?? "").Split('-');
        if (parts.Length != 3 || parts[0].Length != 4 || !parts[0].All(char.IsAsciiDigit) || parts[1].Length != 6 || !parts[1].All(char.IsAsciiDigit)
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) || number < 1
            || parts[2] != number.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return false;
        (cycle, county) = (parts[0], parts[1] + "000000");
        return true;
    }
}

[GenerateSerializer, Immutable]
public sealed record Lodged([property: Id(0)] string Id, [property: Id(1)] bool Created);

[GenerateSerializer, Immutable]
public sealed record ObjectionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Village,
    [property: Id(2)] string Text,
    [property: Id(3)] string? Contact,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] ObjectionStatus Status,
    [property: Id(6)] ObjectionOutcome? Outcome,
    [property: Id(7)] string? Reason,
    [property: Id(8)] Tier? Tier,
    [property: Id(9)] string? ResolvedBy,
    [property: Id(10)] DateTimeOffset? ResolvedAt)
{
    public static ObjectionView From(Objection o) => new(o.Id, o.Village, o.Text, o.Contact, o.At, o.Status,
        o.Resolution?.Outcome, o.Resolution?.Reason, o.Resolution?.Tier, o.Resolution?.By, o.Resolution?.At);
}
