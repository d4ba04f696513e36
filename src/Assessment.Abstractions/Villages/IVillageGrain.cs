using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Review;
using Assessment.Domain.Indicators;

namespace Assessment.Abstractions.Villages;

/// <summary>
/// One village Party organization (村党组织), keyed by its 12-digit code: what the service asks
/// about one village. It keeps its profile, tier and history in memory, loaded in one call from its
/// county grain and loaded again when the county's version changes; its values, ledger and
/// assessment come from the county-level grains that batch a county's files, computes and
/// publications, and its writes go through its county's single ledger writer.
/// </summary>
public interface IVillageGrain : IGrainWithStringKey
{
    /// <summary>Null when no region file has introduced the village.</summary>
    Task<VillageView?> GetAsync();

    /// <summary>The ledger (台账), oldest first: entries from <paramref name="skip"/> on, at most <paramref name="take"/>, in one cycle or all.</summary>
    Task<LedgerPage> GetLedgerAsync(string? cycle, int skip, int take);

    /// <summary>Its current value of each indicator in the cycle.</summary>
    Task<IReadOnlyDictionary<string, IndicatorValue>> GetValuesAsync(string cycle);

    /// <summary>Its proposal in the cycle with the decision on it; null when it was not rated.</summary>
    Task<ReviewedAssessment?> GetAssessmentAsync(string cycle);

    /// <summary>Values typed into the form, written through the county's ledger writer.</summary>
    Task<LedgerWrite> EnterAsync(string cycle, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user);

}

/// <summary>One value a write gave one indicator, with the value it replaced in its cycle.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerEntryView(
    [property: Id(0)] string Cycle,
    [property: Id(1)] string Indicator,
    [property: Id(2)] IndicatorValue Value,
    [property: Id(3)] IndicatorValue? PreviousValue,
    [property: Id(4)] string User,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] string? Note);

[GenerateSerializer, Immutable]
public sealed record LedgerPage(
    [property: Id(0)] IReadOnlyList<LedgerEntryView> Entries,
    [property: Id(1)] bool More);
