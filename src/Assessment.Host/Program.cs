using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Host.Hosting;
using Assessment.Host.Pages;
using Assessment.Host.Pages.Reports;
using Assessment.Host.Pages.Competitions;

try
{
    await RunAsync(args);
    return 0;
}
catch (CannotStartException e)
{
    Console.Error.WriteLine($"assessment: cannot start: {e.Message}");
    return e.ExitCode;
}

/// <summary>The host: storage, the silo, sign-in and the API; Program.cs reads like a table of contents.</summary>
static async Task RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);

    // A bounded stop: after 5 s (default 30 s) Orleans abandons its graceful stop. Storage that is gone still holds it up
    // to a minute (it retries its membership row regardless), so tools/run kills a host still running after 8 s; it has
    // Azurite save and close only once the host has exited.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

    builder.AddAssessmentStorage();
    builder.AddAssessmentSilo();
    builder.AddAssessmentAuth();
    builder.AddAssessmentApi();
    builder.AddAssessmentOperators();
    builder.AddNoticeApi();
    builder.AddAssessmentPages();

    var app = builder.Build();
    var warming = app.WarmUpServicesAsync();

    await app.PrepareStorageAsync();
    await app.EnsureAdminAsync();

    app.UseAssessmentPages();
    app.UseNoticeApi();
    app.UseAssessmentApi();
    app.MapHealth();
    app.MapAssessmentOperators();
    app.MapAuthApi();
    app.MapRegionsApi();
    app.MapVillagesApi();
    app.MapCyclesApi();
    app.MapReportsApi();
    app.MapNoticeApi();
    app.MapCompetitionsApi();
    app.MapProblemsApi();
    app.MapBenchmarkingApi();
    app.MapAssessmentPages();
    app.MapReportsPages();
    app.MapCompetitionPages();
    Assessment.Host.Pages.County.CountyPages.MapCountyPages(app);

    await warming;
    await app.RunAsync();
}

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
