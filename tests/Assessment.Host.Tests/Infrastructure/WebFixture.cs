using System.Net;
using Deque.AxeCore.Playwright;
using FluentAssertions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Infrastructure;

/// <summary>
/// The host listening on a loopback port, the test province and its users (<see cref="ServiceFixture"/>), and
/// Debian's chromium driven by Playwright (headless, no sandbox; Playwright's browser downloads are never used).
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public ServiceFixture Service { get; }
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public TestHost Host => Service.Host;
    public string BaseUrl { get; private set; } = "";
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public WebFixture()
    {
        // A clock the tests move (a notice's days, a deadline), starting now so the home page's recent cycles are this year's.
        var host = new TestHost { Clock = Clock };
        host.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        Service = new ServiceFixture(host);
    }

    public async ValueTask InitializeAsync()
    {
        Host.StartServer();
        BaseUrl = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await Service.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A fresh browser context (no cookies) at this size, reading Chinese unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 768, string locale = "zh-CN")
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, Locale = locale });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, by keyboard, and lands on the home page.</summary>
    public async Task<IPage> SignedInAsync(string username, int width = 1366, int height = 768)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/signin");
        await page.GetByLabel("用户名").FillAsync(username);
        await page.GetByLabel("密码").FillAsync(username == "admin" ? TestHost.AdminPassword : ServiceFixture.Password);
        await page.GetByLabel("密码").PressAsync("Enter");
        await page.WaitForURLAsync(BaseUrl.TrimEnd('/') + "/");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await Service.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}

/// <summary>What every page test checks on the way: no serious or critical axe-core violation, and a screenshot for the docs.</summary>
public static class PageChecks
{
    /// <summary>One axe-core check of the page as it is now.</summary>
    public static async Task ShouldBeAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}").ToList();
        bad.Should().BeEmpty($"{page.Url} must have no serious or critical accessibility violation");
    }

    /// <summary>Saves the page under docs/screenshots/ (README links them), at the page's viewport size.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png") });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Assessment.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("the repository root (Assessment.sln) was not found above " + AppContext.BaseDirectory);
    }
}
