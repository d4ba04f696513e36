using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Storage;

namespace Assessment.Storage;

/// <summary>
/// Grain storage of the project's own: one row per grain, state as plain JSON with no CLR type
/// names, in a layout chosen per table (Orleans' default gives every grain its own partition).
/// </summary>
public sealed class TableGrainStorage(TableClient table, Func<GrainId, string, (string PartitionKey, string RowKey)> keyOf) : IGrainStorage
{
    private const string DataColumn = "Data";
    private const string FormatColumn = "Format";
    private const int Format = 1;

    /// <summary>Few grains of a kind (cycles): PartitionKey = state name, RowKey = the grain's key.</summary>
    public static (string PartitionKey, string RowKey) ByStateName(GrainId grainId, string stateName) =>
        (stateName, grainId.Key.ToString()!);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (pk, rk) = keyOf(grainId, stateName);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, [DataColumn, FormatColumn]);
        if (!response.HasValue || response.Value is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var entity = response.Value;
        grainState.State = JsonSerializer.Deserialize<T>(entity.GetString(DataColumn) ?? "{}", StoredJson.Options) ?? Activator.CreateInstance<T>();
        grainState.ETag = entity.ETag.ToString();
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (pk, rk) = keyOf(grainId, stateName);
        var entity = new TableEntity(pk, rk)
        {
            [DataColumn] = JsonSerializer.Serialize(grainState.State, StoredJson.Options),
            [FormatColumn] = Format,
        };
        try
        {
            Response response = grainState.ETag is null
                ? await table.AddEntityAsync(entity)
                : await table.UpdateEntityAsync(entity, new ETag(grainState.ETag), TableUpdateMode.Replace);
            grainState.ETag = response.Headers.ETag?.ToString();
            grainState.RecordExists = true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new InconsistentStateException($"{rk} was changed by someone else ({e.Status})", "unknown", grainState.ETag ?? "none", e);
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var (pk, rk) = keyOf(grainId, stateName);
        if (grainState.ETag is not null)
        {
            try
            {
                await table.DeleteEntityAsync(pk, rk, new ETag(grainState.ETag));
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                throw new InconsistentStateException($"{rk} was changed by someone else", "unknown", grainState.ETag, e);
            }
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}
