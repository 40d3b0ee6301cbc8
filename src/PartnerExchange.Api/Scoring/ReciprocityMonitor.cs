using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Contracts;

namespace PartnerExchange.Api.Scoring;

public sealed class ReciprocityOptions
{
    public const string Section = "Reciprocity";

    /// <summary>Evaluate every active contract's give-to-get rule on a schedule in this process (every process may).</summary>
    public bool MonitorEnabled { get; set; } = true;

    /// <summary>How often; a pause or a resumption takes effect at most this late when nobody reads the partnership's data.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Evaluates the reciprocity rule (DESIGN §3) of every active contract on a schedule, so that the grace period starts
/// when compliance actually falls below the minimum (obligations fall due with time alone, not only with writes),
/// and entitlements pause, resume and raise their webhooks even for a partnership whose data nobody reads. Reads
/// evaluate too; the stored state is updated conditionally, so evaluations racing in several processes record one
/// observation and one event.
/// </summary>
public sealed class ReciprocityMonitor(
    ContractsData contracts, Reciprocity reciprocity, IOptions<ReciprocityOptions> options, TimeProvider clock, ILogger<ReciprocityMonitor> logger,
    IHostApplicationLifetime lifetime)
    : PeriodicWorker(clock, logger, lifetime)
{
    private const int PageSize = 100;

    protected override bool Enabled => options.Value.MonitorEnabled;

    protected override TimeSpan Interval => options.Value.EvaluationInterval;

    /// <summary>One round over every active contract; returns how many were evaluated.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var evaluated = 0;
        var after = "";
        while (true)
        {
            var page = await contracts.ActiveAfterAsync(after, PageSize, ct);
            foreach (var (vendorId, contract) in page)
            {
                await reciprocity.EvaluateAsync(vendorId, contract.PartnershipId, contract, Clock.GetUtcNow(), ct);
                evaluated++;
            }

            if (page.Count < PageSize)
            {
                return evaluated;
            }

            after = page[^1].Contract.PartnershipId;
        }
    }

    protected override Task RunRoundAsync(CancellationToken ct) => RunOnceAsync(ct);
}
