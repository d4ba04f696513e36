using Assessment.Domain;
using Assessment.Domain.Csv;

namespace Assessment.Abstractions.Ledger;

/// <summary>
/// The indicator ledger (台账) of one county in one cycle, keyed "{cycle}/{county code}". It is the
/// single writer of the county's ledger partition: a county's file becomes entity-group transactions
/// in one partition, and concurrent writers to one village are put in order, so none is lost.
/// </summary>
public interface ICountyLedgerGrain : IGrainWithStringKey
{
    /// <summary>Values typed into the form for one village.</summary>
    Task<LedgerWrite> SubmitAsync(string village, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user);

    /// <summary>A county's CSV file; the same content (by hash) sent again changes nothing and answers as the first time.</summary>
    Task<LedgerWrite> ImportAsync(string contentHash, CsvTable table, string user);

    Task<CountyCompleteness> GetCompletenessAsync();

    /// <summary>Every village's current values (the last ledger entry per indicator), as stored text, and how many writes made them.</summary>
    Task<LedgerValues> GetValuesAsync();

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

/// <summary>What a write did: rows and villages accepted, or why nothing was (422 errors, 409 conflict).</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerWrite(
    [property: Id(0)] int Rows,
    [property: Id(1)] int Villages,
    [property: Id(2)] IReadOnlyList<ValidationError> Errors,
    [property: Id(3)] string? Conflict);

/// <summary>
/// The county's current values after its first <see cref="Writes"/> writes of the cycle: a compute
/// stores that number, so that its proposals are derived again from exactly these values.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record LedgerValues(
    [property: Id(0)] int Writes,
    [property: Id(1)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Villages);

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
