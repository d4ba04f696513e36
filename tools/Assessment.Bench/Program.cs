using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

// Scenario "county import": one county's file (villages × 18 indicators) uploaded through the API,
// each time into a fresh cycle so that no upload is answered from an earlier receipt.
var options = Options.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromMinutes(5) };

Console.WriteLine($"county import: {options.Villages} villages × 18 indicators, {options.Files} uploads, against {options.Url}");
var admin = await TokenAsync(http, "admin", options.AdminPassword);
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);

// A synthetic county 910101 with 25 villages per township.
const string county = "910101000000";
var regions = new StringBuilder("code,name,level,parentCode\n910000000000,基准省,province,\n910100000000,基准市,city,910000000000\n910101000000,基准县,county,910100000000\n");
var villages = new List<string>();
for (var t = 1; villages.Count < options.Villages; t++)
{
    var township = $"910101{t:D3}000";
    regions.Append($"{township},第{t}镇,township,{county}\n");
    for (var v = 1; v <= 25 && villages.Count < options.Villages; v++)
    {
        var code = $"910101{t:D3}{v:D3}";
        villages.Add(code);
        regions.Append($"{code},第{t}镇{v}村,village,{township}\n");
    }
}
Check(await http.PostAsync("/api/regions:import", Csv(regions.ToString())), "region import");
var user = "bench-" + Guid.NewGuid().ToString("N")[..6];
Check(await http.PostAsJsonAsync("/api/users", new { username = user, password = "bench-password", role = "county", regionCode = county }), "user");
var officer = new HttpClient { BaseAddress = http.BaseAddress, Timeout = http.Timeout };
officer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(officer, user, "bench-password"));

var random = new Random(42);
var timings = new List<double>();
for (var i = 0; i < options.Files; i++)
{
    string cycle;
    do cycle = random.Next(3000, 9999).ToString(CultureInfo.InvariantCulture);
    while (!(await http.PostAsJsonAsync("/api/cycles", new { id = cycle })).IsSuccessStatusCode);

    var file = IndicatorFile(villages, random);
    var clock = Stopwatch.StartNew();
    Check(await officer.PostAsync($"/api/cycles/{cycle}/indicators:import", Csv(file)), "indicator import");
    clock.Stop();
    timings.Add(clock.Elapsed.TotalMilliseconds);
    Console.WriteLine($"  upload {i + 1}/{options.Files}: {clock.Elapsed.TotalMilliseconds:F0} ms");
}

timings.Sort();
var rows = villages.Count * 18;
var median = timings[timings.Count / 2];
Console.WriteLine();
Console.WriteLine("| scenario | rows | min ms | median ms | max ms | rows/s (median) |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.WriteLine($"| county import | {rows} | {timings[0]:F0} | {median:F0} | {timings[^1]:F0} | {rows / (median / 1000):F0} |");
return 0;

static string IndicatorFile(IReadOnlyList<string> villages, Random random)
{
    var csv = new StringBuilder("village,indicator,value,note\n");
    foreach (var v in villages)
    {
        csv.Append(CultureInfo.InvariantCulture, $"{v},secretary_training_hours,{random.Next(0, 60)},\n{v},committee_cross_serving,{(random.Next(2) == 0 ? "是" : "否")},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},reserve_cadres,{random.Next(0, 5)},\n{v},new_members,{random.Next(0, 4)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},member_training_rate,{random.Next(40, 101)},\n{v},mobile_members_contacted_rate,{random.Next(40, 101)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},three_meetings_one_lesson,{random.Next(0, 30)},\n{v},theme_party_days,{random.Next(0, 13)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},collective_income,{random.Next(0, 800) / 10m},村集体经营性收入\n{v},cooperative_led,{random.Next(2)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},income_growth_rate,{random.Next(-20, 30)},\n{v},disputes_resolved_rate,{random.Next(50, 101)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},petitions,{random.Next(0, 6)},\n{v},grid_coverage_rate,{random.Next(40, 101)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},hotline_satisfaction,{random.Next(70, 101)},\n{v},households_visited_rate,{random.Next(40, 101)},\n");
        csv.Append(CultureInfo.InvariantCulture, $"{v},serious_violation,false,\n{v},major_safety_incident,false,\n");
    }
    return csv.ToString();
}

static HttpContent Csv(string text) => new StringContent(text, Encoding.UTF8, "text/csv");

static async Task<string> TokenAsync(HttpClient http, string username, string password)
{
    var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password });
    Check(response, $"sign-in as {username}");
    return (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
}

static void Check(HttpResponseMessage response, string what)
{
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{what} failed: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
    }
}

internal sealed record TokenBody(string AccessToken);

internal sealed record Options(string Url, int Villages, int Files, string AdminPassword)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return new Options(Get("--url", "http://127.0.0.1:5080"), int.Parse(Get("--villages", "500"), CultureInfo.InvariantCulture),
            int.Parse(Get("--files", "7"), CultureInfo.InvariantCulture), Environment.GetEnvironmentVariable("ASSESSMENT_BENCH_ADMIN_PASSWORD") ?? "admin");
    }
}
