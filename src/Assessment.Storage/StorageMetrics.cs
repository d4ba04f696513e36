using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Assessment.Storage;

/// <summary>
/// Storage's counter at /metrics: requests the Azure clients sent again after a failure or a timeout. A
/// rising count is the first sign of a struggling Azurite or account, before anything fails.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "Assessment.Storage";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("assessment.storage.retries", "{request}",
        "Storage requests sent again after a failure or a timeout (tables and evidence files).");

    /// <summary>Counts every attempt after the first; added to each client's pipeline once per try.</summary>
    public sealed class CountRetries(string service) : HttpPipelineSynchronousPolicy
    {
        private readonly KeyValuePair<string, object?> tag = new("service", service);

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.ProcessingContext.RetryNumber > 0) Retries.Add(1, tag);
        }
    }
}
