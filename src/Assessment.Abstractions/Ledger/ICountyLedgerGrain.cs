using Assessment.Domain;
using Assessment.Domain.Indicators;

namespace Assessment.Abstractions.Ledger;

/// <summary>
/// The indicator ledger (台账) of one county in one cycle, keyed "{cycle}/{county code}". It is the
/// single writer of the county's ledger partition: a county's file becomes entity-group transactions
/// in one partition, and concurrent writers to one village are put in order, so none is lost.
/// </summary>
public interface ICountyLedgerGrain : IGrainWithStringKey
{
    /// <summary>Values typed into the form for one village; refused (409 closed, 422 invalid) as a whole.</summary>
    Task<LedgerWrite> SubmitAsync(string village, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user);

    /// <summary>
    /// A county's CSV file as sent (its bytes and charset): all or nothing, every bad row named. The
    /// same content sent again changes nothing and answers as the first time.
    /// </summary>
    Task<LedgerWrite> ImportAsync(byte[] file, string? charset, string user);

    /// <summary>
    /// A county's file the host has read already (an XLSX workbook's first sheet): the same rules as a
    /// CSV file; the same rows sent again (as XLSX or as CSV) change nothing and answer as the first time.
    /// </summary>
    Task<LedgerWrite> ImportTableAsync(Assessment.Domain.Csv.CsvTable table, string user);

    Task<CountyCompleteness> GetCompletenessAsync();

    /// <summary>Every village's current values (the last ledger entry per indicator) and how many writes made them.</summary>
    Task<LedgerValues> GetValuesAsync();

    /// <summary>One village's current values.</summary>
    Task<IReadOnlyDictionary<string, IndicatorValue>> GetVillageValuesAsync(string village);

    /// <summary>Lets the grain leave memory once idle (everything it holds is in storage).</summary>
    Task ReleaseAsync();

    public static string Key(string cycle, string county) => $"{cycle}/{county}";
}

/// <summary>A value as the JSON form sent it: a number or a true/false (or something else, which is refused).</summary>
[GenerateSerializer, Immutable]
public sealed record EnteredValue(
    [property: Id(0)] decimal? Number,
    [property: Id(1)] bool? Flag,
    [property: Id(2)] string? Other);

/// <summary>What a write did: the values (rows of a file) and villages it accepted.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerWrite(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Villages);

/// <summary>
/// The county's current values after its first <see cref="Writes"/> writes of the cycle: a compute
/// stores that number, so that its proposals are derived again from exactly these values.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LedgerValues(
    [property: Id(0)] int Writes,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, IndicatorValue>> Villages);

[GenerateSerializer, Immutable]
public sealed record CountyCompleteness(
    [property: Id(0)] string County,
    [property: Id(1)] int Entered,
    [property: Id(2)] int Expected,
    [property: Id(3)] IReadOnlyList<TownshipCompleteness> Townships);

[GenerateSerializer, Immutable]
public sealed record TownshipCompleteness(
    [property: Id(0)] string Township,
    [property: Id(1)] int Entered,
    [property: Id(2)] int Expected);
