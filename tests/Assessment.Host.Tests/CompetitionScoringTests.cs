using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.CompetitionFixture;
using static Assessment.Host.Tests.Infrastructure.Competitions;

namespace Assessment.Host.Tests;

/// <summary>
/// Concurrent judges, the live stream, and the competition bonus in a cycle's compute. Expected
/// boards are worked out here from domain.md's rules, never with the service's own scoring code.
/// </summary>
[Collection(CompetitionCollection.Name)]
public class CompetitionScoringTests(CompetitionFixture f)
{
    [Fact]
    public async Task Eleven_judges_scoring_30_contestants_at_once_lose_no_score_and_the_board_is_the_rules_board()
    {
        using var org = await f.As("org-gq");
        var contestants = GaoqingVillages.Take(30).ToList();
        var id = await CreateAsync(org, Cycle, Gaoqing, Judges);
        for (var i = 0; i < contestants.Count; i++) await AddAsync(org, id, contestants[i], session: 1 + i / 15, order: i % 15);
        await PhaseAsync(org, id, "start");

        // Each judge scores every contestant in its own order, and changes every 7th sheet afterwards.
        var submitted = new Dictionary<(string Village, string Judge), decimal[]>();
        var count = 0;
        await Task.WhenAll(Judges.Select(async (judge, n) =>
        {
            var random = new Random(100 + n);
            using var client = await f.As(judge);
            var own = new List<(string, decimal[])>();
            foreach (var (village, k) in contestants.OrderBy(_ => random.Next()).Select((v, k) => (v, k)))
            {
                for (var round = 0; round < (k % 7 == 0 ? 2 : 1); round++)
                {
                    // Tenths up to each criterion's points; many equal totals, so the tie-breaks matter.
                    decimal[] sheet = [random.Next(150, 251) / 10m, random.Next(200, 401) / 10m, random.Next(50, 151) / 10m, random.Next(100, 201) / 10m];
                    var response = await ScoreAsync(client, id, village, Sheet(sheet[0], sheet[1], sheet[2], sheet[3]));
                    response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
                    own.Add((village, sheet));
                }
            }
            lock (submitted)
            {
                foreach (var (village, sheet) in own) submitted[(village, judge)] = sheet; // the last one a judge gave counts
                count += own.Count;
            }
        }));

        var history = (await (await org.GetAsync($"/api/competitions/{id}/scores")).ShouldBeOkAsync()).GetProperty("items");
        history.GetArrayLength().Should().Be(count, "every sheet submitted is kept");

        var expected = ExpectedBoard(contestants, submitted);
        var board = (await BoardAsync(org, id)).GetProperty("contestants").EnumerateArray().ToList();
        board.Select(r => r.GetProperty("village").GetString()).Should().Equal(expected.Select(e => e.Village));
        foreach (var (row, e) in board.Zip(expected))
        {
            row.GetProperty("rank").GetInt32().Should().Be(e.Rank, e.Village);
            row.GetProperty("final").GetDecimal().Should().Be(e.Final, e.Village);
            row.GetProperty("resultsMean").GetDecimal().Should().Be(e.Results, e.Village);
            row.GetProperty("untrimmedMean").GetDecimal().Should().Be(e.Untrimmed, e.Village);
            row.GetProperty("judges").GetInt32().Should().Be(11);
        }
    }

    private sealed record Expected(string Village, int Rank, decimal Final, decimal Results, decimal Untrimmed, int Running);

    /// <summary>domain.md: 5+ judges drop one highest and one lowest total; half away from zero to two decimals; ranked by final, results mean, untrimmed mean; equals share.</summary>
    private static List<Expected> ExpectedBoard(List<string> contestants, Dictionary<(string Village, string Judge), decimal[]> sheets)
    {
        static decimal Round(decimal x) => Math.Round(x, 2, MidpointRounding.AwayFromZero);
        var rows = contestants.Select((v, i) =>
        {
            var mine = sheets.Where(s => s.Key.Village == v).Select(s => s.Value).ToList();
            var totals = mine.Select(s => s.Sum()).OrderBy(t => t).ToList();
            var trimmed = totals.Skip(1).Take(totals.Count - 2).ToList();
            return new Expected(v, 0, Round(trimmed.Sum() / trimmed.Count), Round(mine.Sum(s => s[1]) / mine.Count), Round(totals.Sum() / totals.Count), i);
        }).ToList();
        var sorted = rows.OrderByDescending(r => r.Final).ThenByDescending(r => r.Results).ThenByDescending(r => r.Untrimmed).ThenBy(r => r.Running).ToList();
        return sorted.Select(r => r with
        {
            Rank = 1 + sorted.Count(o => (o.Final, o.Results, o.Untrimmed).CompareTo((r.Final, r.Results, r.Untrimmed)) > 0),
        }).ToList();
    }

    [Fact]
    public async Task A_watcher_gets_each_change_within_a_second_and_a_reconnect_with_Last_Event_ID_gets_the_board_at_once()
    {
        using var org = await f.As("org-gq");
        var (v1, v2) = (GaoqingVillages[3], GaoqingVillages[4]);
        var id = await CreateAsync(org, Cycle, Gaoqing, ["j1", "j2", "j3"]);
        await AddAsync(org, id, v1);
        await AddAsync(org, id, v2);
        await PhaseAsync(org, id, "start");
        using var j1 = await f.As("j1");
        using var j2 = await f.As("j2");
        using var watcher = await f.As("prov");

        long lastId;
        using (var stream = await EventStream.OpenAsync(watcher, id, lastEventId: null))
        {
            stream.ContentType.Should().Be("text/event-stream");
            var first = await stream.NextAsync(TimeSpan.FromSeconds(5));
            first.Event.Should().Be("scoreboard");
            first.Data.GetProperty("phase").GetString().Should().Be("Live");
            Judged(first.Data, v1).Should().Be(0);

            (await ScoreAsync(j1, id, v1, Sheet(20, 30, 10, 15))).StatusCode.Should().Be(HttpStatusCode.OK);
            var clock = Stopwatch.StartNew();
            var next = await stream.NextAsync(TimeSpan.FromSeconds(1));
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1));
            next.Id.Should().BeGreaterThan(first.Id);
            Judged(next.Data, v1).Should().Be(1);
            lastId = next.Id;
        }

        // Changes while away; the reconnect gets the board as it is now, at once.
        (await ScoreAsync(j2, id, v1, Sheet(21, 31, 11, 16))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ScoreAsync(j2, id, v2, Sheet(21, 31, 11, 16))).StatusCode.Should().Be(HttpStatusCode.OK);
        using (var again = await EventStream.OpenAsync(watcher, id, lastEventId: lastId))
        {
            var current = await again.NextAsync(TimeSpan.FromSeconds(1));
            current.Id.Should().Be(lastId + 2);
            Judged(current.Data, v1).Should().Be(2);
            Judged(current.Data, v2).Should().Be(1);

            await PhaseAsync(org, id, "close");
            var closed = await again.NextAsync(TimeSpan.FromSeconds(1));
            closed.Data.GetProperty("phase").GetString().Should().Be("Closed");
        }
    }

    private static int Judged(JsonElement board, string village) =>
        board.GetProperty("contestants").EnumerateArray().Single(c => c.GetProperty("village").GetString() == village).GetProperty("judges").GetInt32();

    /// <summary>A server-sent-event reader over the test host's response stream.</summary>
    private sealed class EventStream : IDisposable
    {
        private readonly HttpResponseMessage response;
        private readonly StreamReader reader;

        private EventStream(HttpResponseMessage response, Stream body)
        {
            this.response = response;
            reader = new StreamReader(body);
        }

        public string? ContentType => response.Content.Headers.ContentType?.MediaType;

        public static async Task<EventStream> OpenAsync(HttpClient client, string id, long? lastEventId)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/competitions/{id}/scoreboard/stream");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastEventId is { } last) request.Headers.Add("Last-Event-ID", last.ToString());
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            return new EventStream(response, await response.Content.ReadAsStreamAsync());
        }

        public async Task<(string Event, long Id, JsonElement Data)> NextAsync(TimeSpan within)
        {
            using var timeout = new CancellationTokenSource(within);
            string? name = null, data = null;
            long id = -1;
            while (true)
            {
                var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
                if (line.Length == 0)
                {
                    if (data is not null) return (name ?? "message", id, JsonDocument.Parse(data).RootElement.Clone());
                    continue;
                }
                if (line.StartsWith(':')) continue; // heartbeat
                var (field, value) = line.IndexOf(':') is var at and >= 0 ? (line[..at], line[(at + 1)..].TrimStart()) : (line, "");
                switch (field)
                {
                    case "event": name = value; break;
                    case "id": id = long.Parse(value); break;
                    case "data": data = value; break;
                }
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_closed_competitions_placing_adds_its_bonus_to_an_Excellence_villages_score_and_names_it_in_the_reasons()
    {
        using var admin = await f.As("admin");
        using var org = await f.As("org-gq");
        // A cycle of its own: its previous published tiers are 2023's, and no other test's competition counts in it.
        const string cycle = "2025";
        (await admin.PostAsJsonAsync("/api/cycles", new { id = cycle, province = CompetitionFixture.Province })).StatusCode.Should().Be(HttpStatusCode.Created);
        var contestants = GaoqingVillages.Skip(30).Take(9).ToList();
        var id = await CreateAsync(org, cycle, Gaoqing, ["j1", "j2", "j3"]);
        foreach (var v in contestants) await AddAsync(org, id, v);
        await PhaseAsync(org, id, "start");
        // Contestant k gets 90 − 5k from every judge: ranks 1..9.
        foreach (var judge in new[] { "j1", "j2", "j3" })
        {
            using var j = await f.As(judge);
            for (var k = 0; k < contestants.Count; k++)
                (await ScoreAsync(j, id, contestants[k], Sheet(20, 40 - 5 * k, 15, 15))).StatusCode.Should().Be(HttpStatusCode.OK);
        }
        await PhaseAsync(org, id, "close");
        // A competition still Live gives no placing.
        var live = await CreateAsync(org, cycle, Gaoqing, ["j1", "j2", "j3"]);
        await AddAsync(org, live, contestants[8]);
        await PhaseAsync(org, live, "start");

        var csv = new System.Text.StringBuilder("village,indicator,value\n");
        foreach (var v in contestants)
            foreach (var (indicator, value) in ExcellenceMarks)
                csv.Append($"{v},{indicator},{(value is bool b ? (b ? "true" : "false") : value)}\n");
        (await admin.PostAsync($"/api/cycles/{cycle}/indicators:import", Cycles.Csv(csv.ToString()))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/cycles/{cycle}/freeze", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Cycles.ComputeAsync(admin, cycle);

        // 9 ranked: top 10% is rank ≤ 1 (+3), top 30% rank ≤ 3 (+2), top 50% rank ≤ 5 (+1). Values alone give 79.
        int[] bonus = [3, 2, 2, 1, 1, 0, 0, 0, 0];
        for (var k = 0; k < contestants.Count; k++)
        {
            var a = await (await admin.GetAsync($"/api/cycles/{cycle}/villages/{contestants[k]}/assessment")).ShouldBeOkAsync();
            a.GetProperty("score").GetDecimal().Should().Be(79m + bonus[k], contestants[k]);
            a.GetProperty("bonus").GetDecimal().Should().Be(bonus[k]);
            var reasons = a.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("zh").GetString()).ToList();
            if (bonus[k] > 0) reasons.Should().Contain($"擂台比武 {id} 第 {k + 1} 名（共 9 名）: +{bonus[k]}");
            else reasons.Should().NotContain(r => r!.Contains("擂台比武"));
            if (k == 0) a.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("en").GetString()).Should().Contain($"competition {id}: ranked 1st of 9: +3");
        }
    }
}
