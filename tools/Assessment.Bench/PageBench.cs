using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Assessment.Generator;

namespace Assessment.Bench;

/// <summary>
/// The pages at a province's scale (issue #16: the village list and the review queue answer in ≤ 300 ms at
/// N = 70,000): signed in through the sign-in page as the admin, each page asked 50 times, one at a time, for
/// random counties, the way an officer moves through them. Times are the whole HTML answer.
/// </summary>
public static partial class PageBench
{
    public const int Requests = 50;
    public const double TargetMs = 300;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public static async Task<JsonObject> RunAsync(string url, string adminPassword, GeneratedProvince province, string cycle, Action<string> progress)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2),
        };
        var form = await client.GetStringAsync("/signin");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        var signedIn = await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin", ["password"] = adminPassword, ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"pages: the sign-in page answered {(int)signedIn.StatusCode}, not a redirect home");

        var random = new Random(16);
        var counties = province.Counties.ToArray();
        var byCounty = province.Villages.GroupBy(v => v.County).ToDictionary(g => g.Key, g => g.ToArray());
        string County() => counties[random.Next(counties.Length)];
        var pages = new (string Name, Func<string> Path)[]
        {
            ("village list", () => $"/villages?cycle={cycle}&county={County()}"),
            ("village search", () =>
            {
                var villages = byCounty[County()];
                var name = villages[random.Next(villages.Length)].Name;
                return $"/villages?cycle={cycle}&county={villages[0].County}&q={Uri.EscapeDataString(name[..Math.Min(2, name.Length)])}";
            }),
            ("review queue", () => $"/cycles/{cycle}/review"),
            ("review queue, a county's moves up", () => $"/cycles/{cycle}/review?region={County()}&direction=up"),
        };
        var result = new JsonObject { ["cycle"] = cycle, ["requests"] = Requests };
        var worst = 0.0;
        foreach (var (name, path) in pages)
        {
            var times = new List<double>();
            for (var i = 0; i < Requests; i++)
            {
                var target = path();
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(target);
                var html = await response.Content.ReadAsStringAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"pages: {target} answered {(int)response.StatusCode}: {html[..Math.Min(300, html.Length)]}");
                progress($"pages {name}: {i + 1}/{Requests}");
            }
            times.Sort();
            var p99 = times[(int)Math.Ceiling(0.99 * times.Count) - 1];
            worst = Math.Max(worst, p99);
            result[name] = new JsonObject { ["p50Ms"] = times[times.Count / 2], ["p99Ms"] = p99, ["maxMs"] = times[^1] };
        }
        result["p99Ms"] = worst;
        return result;
    }
}
