using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddAssessmentStorage();
builder.AddAssessmentSilo();
builder.AddAssessmentAuth();
builder.AddAssessmentApi();

var app = builder.Build();

await app.PrepareStorageAsync();
await app.EnsureAdminAsync();

app.UseAssessmentApi();
app.MapHealth();
app.MapAuthApi();
app.MapRegionsApi();
app.MapVillagesApi();
app.MapCyclesApi();
app.MapReviewApi();
app.MapReportsApi();

app.Run();

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
