using Assessment.Abstractions.Villages;
using Assessment.Domain;
using Assessment.Domain.Regions;

namespace Assessment.Grains.Villages;

/// <summary>What a village grain keeps between activations (stored as JSON in its county's partition).</summary>
[GenerateSerializer]
public sealed class VillageState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public string? Secretary { get; set; }
    [Id(2)] public int? Members { get; set; }
    [Id(3)] public Tier? Tier { get; set; }
    [Id(4)] public List<TierRecord> History { get; set; } = [];
}

public sealed class VillageGrain(
    [PersistentState("village", StorageNames.Villages)] IPersistentState<VillageState> state) : Grain, IVillageGrain
{
    private DivisionCode Code => DivisionCode.Parse(this.GetPrimaryKeyString());

    public Task<VillageView?> GetAsync()
    {
        if (!state.RecordExists) return Task.FromResult<VillageView?>(null);
        var s = state.State;
        return Task.FromResult<VillageView?>(new VillageView(Code.Value, s.Name, Code.County!.Value.Value, s.Secretary, s.Members, s.Tier, s.History));
    }

    public async Task SetProfileAsync(VillageProfile profile)
    {
        var s = state.State;
        if (state.RecordExists && s.Name == profile.Name && s.Secretary == profile.Secretary && s.Members == profile.Members) return;
        s.Name = profile.Name;
        s.Secretary = profile.Secretary;
        s.Members = profile.Members;
        await state.WriteStateAsync();
    }
}
