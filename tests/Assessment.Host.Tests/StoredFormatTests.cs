using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Domain;
using Assessment.Domain.Cycles;
using Assessment.Domain.Indicators;
using Assessment.Domain.Scoring;
using Assessment.Host.Tests.Infrastructure;
using Assessment.Storage;
using Azure.Data.Tables;
using FluentAssertions;

namespace Assessment.Host.Tests;

/// <summary>
/// Data that main wrote before the packed layout (stored format 1) is converted when the host
/// starts and reads as it did: the rows here are written the way that code wrote them.
/// </summary>
public class StoredFormatTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ledger_and_proposals_of_format_1_are_converted_at_start_up_and_read_as_before()
    {
        var first = new TestHost();
        string cycle;
        await using (first)
        {
            using var admin = await first.AdminAsync();
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv), Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await admin.PostAsJsonAsync("/api/users", new { username = "county", password = "password-123", role = "county", regionCode = Province.CountyA }, Ct))
                .StatusCode.Should().Be(HttpStatusCode.Created);
            cycle = await Cycles.CreateAsync(admin, new { province = Province.Code });
        }

        // The ledger as format 1 wrote it: a row per village and write, JSON entries with their previous value, a receipt per import.
        var ledger = Table(first, "Ledger");
        var at = new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero);
        await ledger.AddEntityAsync(OldLedgerRow(Province.VillageA, cycle, 0, [("new_members", "2", null, null), ("collective_income", "36.5", null, "光伏收益")], at, "import-1"), Ct);
        await ledger.AddEntityAsync(OldLedgerRow("370322102202", cycle, 0, [("new_members", "1", null, null)], at.AddMilliseconds(1), "import-1"), Ct);
        await ledger.AddEntityAsync(new TableEntity(Province.CountyA, $"~import|{cycle}|import-1")
        {
            ["Cycle"] = cycle, ["Rows"] = 3, ["Villages"] = 2, ["User"] = "county", ["At"] = at.AddSeconds(1),
        }, Ct);
        await ledger.AddEntityAsync(OldLedgerRow(Province.VillageA, cycle, 1, [("collective_income", "41", "36.5", "年中自查")], at.AddDays(1), null), Ct);
        // An import whose receipt was never written (the host died half-way) never counted.
        await ledger.AddEntityAsync(OldLedgerRow(Province.VillageA, cycle, 2, [("new_members", "9", "2", null)], at.AddDays(2), "import-2"), Ct);
        await ForgetFormatAsync(first);

        var expectedLedger = new (string?, string, string, string?)[] { ("new_members", "2", "null", "county"), ("collective_income", "36.5", "null", "county"), ("collective_income", "41", "36.5", "county") };
        JsonElement assessment;
        List<JsonElement> movements;
        int run;
        await using (var second = first.Sibling())
        {
            using var county = await second.ClientAsAsync("county", "password-123");
            var entries = await Cycles.LedgerAsync(county, Province.VillageA, cycle, limit: 2);
            entries.Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText(), e.GetProperty("previousValue").GetRawText(), e.GetProperty("user").GetString()))
                .Should().Equal(expectedLedger);
            entries.Select(e => e.GetProperty("note").GetString()).Should().Equal(null, "光伏收益", "年中自查");
            var completeness = await (await county.GetAsync($"/api/reports/completeness?cycle={cycle}&region={Province.CountyA}", Ct)).ShouldBeOkAsync();
            completeness.GetProperty("children").EnumerateArray().Sum(c => c.GetProperty("entered").GetInt32()).Should().Be(3);

            // Computing writes format 2; the test turns its proposals back into format 1's rows below.
            using var admin = await second.AdminAsync();
            (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            await Cycles.ComputeAsync(admin, cycle);
            (await admin.PostAsJsonAsync($"/api/cycles/{cycle}/movements/{Province.VillageA}/decision",
                new { decision = "override", tier = "excellence", reason = "复核" }, Ct)).StatusCode.Should().Be(HttpStatusCode.OK);
            assessment = await (await admin.GetAsync($"/api/cycles/{cycle}/villages/{Province.VillageA}/assessment", Ct)).ShouldBeOkAsync();
            movements = await Cycles.AllMovementsAsync(admin, cycle);
            var stored = await Table(first, "Assessments").GetEntityAsync<TableEntity>($"{cycle}|{Province.CountyA}", "~proposals", cancellationToken: Ct);
            run = stored.Value.GetInt32("Run")!.Value;
        }

        // The proposals as format 1 wrote them: a row per village with its whole assessment as JSON.
        var assessments = Table(first, "Assessments");
        await assessments.DeleteEntityAsync($"{cycle}|{Province.CountyA}", "~proposals", cancellationToken: Ct);
        var values = new Dictionary<string, Dictionary<string, IndicatorValue>>
        {
            [Province.VillageA] = new() { ["new_members"] = IndicatorValue.Of(2), ["collective_income"] = IndicatorValue.Of(41) },
            ["370322102202"] = new() { ["new_members"] = IndicatorValue.Of(1) },
            ["370322103201"] = new(),
        };
        foreach (var (village, v) in values)
        {
            var old = VillageAssessment.Assess(village, IndicatorCatalog.Default, v, null, Thresholds.Default);
            await assessments.AddEntityAsync(new TableEntity($"{cycle}|{Province.CountyA}", village)
            {
                ["Run"] = run, ["Data"] = JsonSerializer.Serialize(old, StoredJson.Options),
            }, Ct);
        }
        await ForgetFormatAsync(first);

        await using var third = first.Sibling();
        using (var admin = await third.AdminAsync())
        {
            (await (await admin.GetAsync($"/api/cycles/{cycle}/villages/{Province.VillageA}/assessment", Ct)).ShouldBeOkAsync())
                .GetRawText().Should().Be(assessment.GetRawText());
            (await Cycles.AllMovementsAsync(admin, cycle)).Select(m => m.GetRawText()).Should().Equal(movements.Select(m => m.GetRawText()));
            movements.Should().ContainSingle(m => m.GetProperty("village").GetString() == Province.VillageA && m.GetProperty("finalTier").GetString() == "excellence");
            using var county = await third.ClientAsAsync("county", "password-123");
            (await Cycles.LedgerAsync(county, Province.VillageA, null))
                .Select(e => (e.GetProperty("indicator").GetString(), e.GetProperty("value").GetRawText(), e.GetProperty("previousValue").GetRawText(), e.GetProperty("user").GetString()))
                .Should().Equal(expectedLedger);
        }
        // Nothing of format 1 is left to slow down every later query.
        var left = new List<string>();
        await foreach (var e in ledger.QueryAsync<TableEntity>(cancellationToken: Ct)) left.Add(e.RowKey);
        await foreach (var e in assessments.QueryAsync<TableEntity>(cancellationToken: Ct)) left.Add(e.RowKey);
        left.Should().OnlyContain(k => k.StartsWith(cycle + "|", StringComparison.Ordinal) || k == "~proposals" || k.StartsWith("~decisions|", StringComparison.Ordinal));
    }

    private static TableClient Table(TestHost host, string name) => new(TestStorage.ConnectionString, host.Prefix + name);

    /// <summary>Format 1 wrote no version row: without it, the host looks for rows to convert.</summary>
    private static Task ForgetFormatAsync(TestHost host) => Table(host, "Grains").DeleteEntityAsync("format", "storage", cancellationToken: Ct);

    private static TableEntity OldLedgerRow(string village, string cycle, int sequence, (string Indicator, string Value, string? Previous, string? Note)[] entries, DateTimeOffset at, string? import) =>
        new(village[..6] + "000000", $"{village}|{cycle}|{sequence:D6}")
        {
            ["Cycle"] = cycle,
            ["Entries"] = JsonSerializer.Serialize(entries.Select(e => new { indicator = e.Indicator, value = e.Value, previousValue = e.Previous, note = e.Note }), StoredJson.Options),
            ["User"] = "county",
            ["At"] = at,
            ["Import"] = import,
        };
}
