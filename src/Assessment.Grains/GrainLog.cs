using Microsoft.Extensions.Logging;

namespace Assessment.Grains;

/// <summary>What an operator wants to read in the log about the workflow: imports, computes, publishes, and failures.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(1001, LogLevel.Information, "Cycle {Cycle}: {User} imported {Rows} values for {Villages} villages of county {County}")]
    public static partial void Imported(this ILogger log, string cycle, string county, string user, int rows, int villages);

    [LoggerMessage(1002, LogLevel.Information, "Cycle {Cycle}: {User} started the {Work} of {Counties} counties")]
    public static partial void WorkStarted(this ILogger log, string cycle, string user, string work, int counties);

    [LoggerMessage(1003, LogLevel.Information, "Cycle {Cycle}: {Work} done; the cycle is {Phase}")]
    public static partial void WorkDone(this ILogger log, string cycle, string work, string phase);

    [LoggerMessage(1004, LogLevel.Warning, "Cycle {Cycle}: county {County} failed; it will be tried again")]
    public static partial void CountyFailed(this ILogger log, Exception exception, string cycle, string county);

    [LoggerMessage(1005, LogLevel.Warning, "{Cycle}/{County}: {Count} proposals derived again differ from the stored ones; the stored tiers and scores stand")]
    public static partial void ProposalsDiffer(this ILogger log, string cycle, string county, int count);

    [LoggerMessage(1006, LogLevel.Warning, "County {County}: village {Village} could not be told of a change; it sees it when its slice's lease ends")]
    public static partial void VillageNotTold(this ILogger log, Exception exception, string county, string village);
}
