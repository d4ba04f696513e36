using System.Diagnostics.Metrics;

namespace Assessment.Grains;

/// <summary>
/// The service's own counters, beside ASP.NET Core's and Orleans' (scraped at /metrics): what an
/// operator watches move during a yearly cycle.
/// </summary>
public static class AssessmentMetrics
{
    public const string MeterName = "Assessment";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> ValuesImported = Meter.CreateCounter<long>("assessment.values.imported", "{value}", "Indicator values accepted into the ledger (form entries and files).");
    public static readonly Counter<long> VillagesRated = Meter.CreateCounter<long>("assessment.villages.rated", "{village}", "Villages given a proposed tier by a compute.");
    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>("assessment.decisions", "{decision}", "Tier movements decided (approve, reject, override).");
    public static readonly Counter<long> Scores = Meter.CreateCounter<long>("assessment.scores", "{sheet}", "Competition score sheets stored.");
}
