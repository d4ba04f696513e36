using Microsoft.Extensions.Logging;
using System.Security.Cryptography;
using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Abstractions.Ledger;
using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Csv;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Regions;
using Assessment.Storage;

namespace Assessment.Grains.Ledger;

/// <summary>
/// Holds a county's current indicator values for one cycle in memory, rebuilt from the ledger on
/// activation, and is the only writer of that part of the ledger. A write is acknowledged only
/// after its rows (and, for a file, its receipt) are in storage.
/// </summary>
public sealed class CountyLedgerGrain(LedgerStore ledger, TimeProvider time, ILogger<CountyLedgerGrain> log) : Grain, ICountyLedgerGrain
{
    private string cycle = "";
    private DivisionCode county;
    private IndicatorCatalog catalog = IndicatorCatalog.Default;
    private bool loaded;
    /// <summary>village → its township.</summary>
    private Dictionary<string, string> villages = [];
    /// <summary>village → indicator → current value.</summary>
    private Dictionary<string, Dictionary<string, IndicatorValue>> current = [];
    /// <summary>The number the next write gets: writes in a county and cycle are numbered in order.</summary>
    private int nextWrite;
    private readonly Dictionary<string, ImportReceipt> receipts = [];

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        var key = this.GetPrimaryKeyString().Split('/');
        cycle = key[0];
        county = DivisionCode.Parse(key[1]);
        await LoadAsync(ct);
    }

    /// <summary>
    /// The cycle's catalog and the county's ledger. A cycle that does not exist has no ledger: every write
    /// is refused (EnsureOpenAsync) and the activation leaves after that call (deactivating during the
    /// activation would bounce the very call that activated it).
    /// </summary>
    private async Task LoadAsync(CancellationToken ct)
    {
        if (await GrainFactory.GetGrain<ICycleGrain>(cycle).GetAsync() is not { } view) return;
        catalog = new IndicatorCatalog(view.Catalog);
        loaded = true;
        await LoadVillagesAsync();

        var stored = await ledger.LoadAsync(county.Value, cycle, ct);
        foreach (var r in stored.Receipts) receipts[r.Hash] = r;
        current = stored.CurrentValues();
        nextWrite = stored.NextWrite;
    }

    public async Task<LedgerWrite> SubmitAsync(string village, IReadOnlyDictionary<string, EnteredValue> values, string? note, string user)
    {
        await EnsureOpenAsync();
        var errors = new List<ValidationError>();
        if (await VillageErrorAsync(village) is { } villageError) errors.Add(new(villageError, Field: "village"));
        if (values.Count == 0) errors.Add(new("no values were sent; send {\"values\": {\"indicator_code\": value}}", Field: "values"));
        if (note is { Length: > IndicatorFile.MaxNoteLength }) errors.Add(new($"the note has {note.Length} characters; at most {IndicatorFile.MaxNoteLength} are allowed", Field: "note"));
        var accepted = new List<(string Code, IndicatorValue Value)>();
        foreach (var (code, entered) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var field = $"values.{code}";
            if (catalog.Find(code) is not { } indicator) { errors.Add(new(catalog.UnknownCode(code), Field: field)); continue; }
            IndicatorValue value = default;
            string? error;
            var ok = entered switch
            {
                { Number: { } n } => IndicatorCatalog.Check(indicator, n, out value, out error),
                { Flag: { } f } => IndicatorCatalog.Check(indicator, f, out value, out error),
                { Other: { } other } when double.TryParse(other, System.Globalization.CultureInfo.InvariantCulture, out _) =>
                    Fail($"{other} is beyond the numbers the service can hold; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}", out error),
                _ => Fail($"{entered.Other ?? "null"} is neither a number nor true/false; {indicator.Code} ({indicator.NameZh}) takes {indicator.Allowed}", out error),
            };
            if (ok) accepted.Add((code, value));
            else errors.Add(new(error!, Field: field));
        }
        if (errors.Count > 0)
            throw Refused.Invalid($"Nothing was saved for village {village}: {errors.Count} {(errors.Count == 1 ? "value is" : "values are")} invalid.", errors);

        var block = NewBlock([new VillageEntries(village, accepted.Select(a => new LedgerEntry(a.Code, a.Value.ToString(), note)).ToList())], user, import: null);
        await ledger.AppendAsync(county.Value, block, receipt: null);
        block.ApplyTo(current);
        AssessmentMetrics.ValuesImported.Add(accepted.Count);
        return new LedgerWrite(accepted.Count, 1);
    }

    public async Task<LedgerWrite> ImportAsync(byte[] file, string? charset, string user)
    {
        // Receipts written before 2026-11-27 hashed the bytes and charset; they still count for the same bytes.
        var bytesHash = Convert.ToHexString(SHA256.HashData([.. file, .. System.Text.Encoding.ASCII.GetBytes("|" + (charset ?? "utf-8"))]));
        if (receipts.TryGetValue(bytesHash, out var first)) return new LedgerWrite(first.Rows, first.Villages);

        CsvTable table;
        try
        {
            table = CsvText.Read(file, charset);
        }
        catch (MalformedInputException e)
        {
            throw new Refused(RefusalKind.Malformed, e.Message, e.Errors);
        }
        return await ImportTableAsync(table, user);
    }

    public async Task<LedgerWrite> ImportTableAsync(CsvTable table, string user)
    {
        // The same rows are the same import, whatever BOM, line endings, encoding or file format carried them (api.md: same content).
        var hash = table.ContentHash();
        if (receipts.TryGetValue(hash, out var first)) return new LedgerWrite(first.Rows, first.Villages);
        await EnsureOpenAsync();
        IndicatorFile.Result read;
        try
        {
            read = IndicatorFile.Read(table, catalog, VillageError);
            // A village imported since activation is looked up once more before it is called unknown.
            if (read.Errors.Any(e => e.Column == "village"))
            {
                await LoadVillagesAsync();
                read = IndicatorFile.Read(table, catalog, VillageError);
            }
        }
        catch (MalformedInputException e)
        {
            throw new Refused(RefusalKind.Malformed, e.Message, e.Errors);
        }
        if (read.Errors.Count > 0) throw Refused.Invalid(ValidationError.Summary(read.Errors), read.Errors.OrderBy(e => e.Row).ToList());

        var villagesInFile = read.Rows
            .GroupBy(r => r.Village)
            .Select(g => new VillageEntries(g.Key, g.Select(r => new LedgerEntry(r.Indicator, r.Value.ToString(), r.Note)).ToList()))
            .ToList();
        var block = NewBlock(villagesInFile, user, hash);
        var receipt = new ImportReceipt(cycle, hash, read.Rows.Count, villagesInFile.Count, user, block.At);
        await ledger.AppendAsync(county.Value, block, receipt);
        block.ApplyTo(current);
        receipts[hash] = receipt;
        log.Imported(cycle, county.Value, user, receipt.Rows, receipt.Villages);
        AssessmentMetrics.ValuesImported.Add(receipt.Rows);
        return new LedgerWrite(receipt.Rows, receipt.Villages);
    }

    public async Task<CountyCompleteness> GetCompletenessAsync()
    {
        await LoadVillagesAsync();
        var townships = villages
            .GroupBy(v => v.Value)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TownshipCompleteness(g.Key,
                g.Sum(v => current.TryGetValue(v.Key, out var values) ? values.Count : 0),
                g.Count() * catalog.Count))
            .ToList();
        return new CountyCompleteness(county.Value, townships.Sum(t => t.Entered), townships.Sum(t => t.Expected), townships);
    }

    public Task<LedgerValues> GetValuesAsync() =>
        Task.FromResult(new LedgerValues(nextWrite,
            current.ToDictionary(v => v.Key, v => (IReadOnlyDictionary<string, IndicatorValue>)new Dictionary<string, IndicatorValue>(v.Value))));

    public Task<IReadOnlyDictionary<string, IndicatorValue>> GetVillageValuesAsync(string village) =>
        Task.FromResult<IReadOnlyDictionary<string, IndicatorValue>>(current.TryGetValue(village, out var values) ? new Dictionary<string, IndicatorValue>(values) : []);

    public Task ReleaseAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private LedgerBlock NewBlock(IReadOnlyList<VillageEntries> villagesInBlock, string user, string? import) =>
        new(cycle, nextWrite++, user, time.GetUtcNow(), import, villagesInBlock);

    private async Task EnsureOpenAsync()
    {
        var view = await GrainFactory.GetGrain<ICycleGrain>(cycle).GetAsync();
        if (view is null)
        {
            DeactivateOnIdle();
            throw Refused.NotFound($"No cycle {cycle} exists; the province creates it with POST /api/cycles.");
        }
        if (!loaded) await LoadAsync(CancellationToken.None); // activated (by a read) before the cycle was created
        if (view.Phase != CyclePhase.Open) throw Refused.Conflict($"Cycle {cycle} is {view.Phase}: data entry is closed.");
    }

    private async Task<string?> VillageErrorAsync(string code)
    {
        if (VillageError(code) is null) return null;
        await LoadVillagesAsync();
        return VillageError(code);
    }

    private string? VillageError(string code)
    {
        if (!DivisionCode.TryParse(code, out var c, out var reason)) return reason;
        if (c.Value.Level != RegionLevel.Village) return $"{code} is a {c.Value.Level.ToWire()}, not a village";
        if (!county.Contains(c.Value)) return $"village {code} is not in county {county}: a county's file holds its own villages only";
        if (!villages.ContainsKey(code)) return $"village {code} is unknown: import it with the region file first";
        return null;
    }

    /// <summary>The county's villages from its county grain (in memory there), not from a range query over the region tree.</summary>
    private async Task LoadVillagesAsync() =>
        villages = (await GrainFactory.GetGrain<ICountyGrain>(county.Value).GetStandingsAsync(cycle)).ToDictionary(v => v.Code, v => v.Township);


    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
