using Assessment.Abstractions;
using Assessment.Abstractions.Cycles;
using Assessment.Domain;
using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Host.Api;
using Assessment.Host.Auth;
using Assessment.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages.Province;

/// <summary>
/// What the province's pages of a cycle (审定) share: the cycle from the route, the province (or admin) reading it within
/// its region, the regions to filter by, and a grain's refusal shown with the status the API would answer.
/// </summary>
public abstract class ProvincePage(IGrainFactory grains, RegionStore regions) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Cycle { get; set; } = "";
    public CycleView View { get; private set; } = null!;
    public Refused? Refusal { get; private set; }
    /// <summary>What the last action did, in words (shown as a success).</summary>
    public string? Done { get; protected set; }
    /// <summary>The province's cities and counties, by code, for filters and target forms.</summary>
    public IReadOnlyList<RegionEntry> Regions { get; private set; } = [];

    protected IGrainFactory Grains => grains;
    protected RegionStore RegionStore => regions;
    protected Actor Actor => HttpContext.Actor();

    /// <summary>Null when the page may be shown; else the status page to answer (403 for another role or province, 404 for no cycle).</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (!HttpContext.Is(Role.Province, Role.Admin)) return Forbid(PagesSetup.Scheme);
        if (Cycle.Length != 4 || !Cycle.All(char.IsAsciiDigit)) return NotFound();
        if (await grains.GetGrain<ICycleGrain>(Cycle).GetAsync() is not { } view) return NotFound();
        if (view.Province != "" && !Actor.Reaches(DivisionCode.Parse(view.Province))) return Forbid(PagesSetup.Scheme);
        View = view;
        if (view.Province != "")
        {
            var province = DivisionCode.Parse(view.Province);
            var cities = await regions.DescendantsAsync(province, RegionLevel.City, ct);
            var counties = await regions.DescendantsAsync(province, RegionLevel.County, ct);
            Regions = [.. cities.Concat(counties).OrderBy(r => r.Code, StringComparer.Ordinal)];
        }
        return null;
    }

    /// <summary>Runs an action; a refusal is kept for the page and sets the status the API would answer.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Refused refused)
        {
            Refusal = refused;
            Response.StatusCode = Problems.From(refused).StatusCode;
            return false;
        }
    }

    protected void Refuse(Refused refused)
    {
        Refusal = refused;
        Response.StatusCode = Problems.From(refused).StatusCode;
    }

    /// <summary>A region's name for a code, else the code.</summary>
    public string RegionName(string code) => Regions.FirstOrDefault(r => r.Code == code)?.Name ?? code;
}
