using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Compliance;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Api.Scoring;

public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>How long a program's cohort (its partnerships measured at 00:00 UTC of a day) is reused.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 86_400)]
    public int CohortCacheSeconds { get; set; } = 300;
}

/// <summary>A partnership's score, with the cohort it was normalised against.</summary>
public sealed record PartnershipScore(PartnershipRow Partnership, ScoreResult Result, int CohortSize, DateTimeOffset CohortAsOf);

/// <summary>Every partnership of a program measured at one moment.</summary>
public sealed record ProgramMeasurement(IReadOnlyList<PartnershipRow> Partnerships, IReadOnlyList<Measurement> Measurements, IReadOnlyList<ScoringSignal> Signals,
    IReadOnlyDictionary<string, PartnershipFacts> Facts);

/// <summary>
/// Feeds the pure scoring functions (DESIGN §6) from the database. A single score reads only the signals about the
/// partnership's approved customers; percentiles compare it with the program's cohort — every active partnership
/// measured at 00:00 UTC of the score's day — which is computed once per program, model and day and kept for
/// <see cref="ScoringOptions.CohortCacheSeconds"/>.
/// </summary>
public sealed class ProgramScoring(ScoringData data, ContractsData contracts, LinksData links, ComplianceData compliance, SignalTypesData types, IMemoryCache cache, IOptions<ScoringOptions> options)
{
    /// <summary>The model <paramref name="modelId"/> of the vendor's program (null: the vendor's latest, else the default); null when unknown.</summary>
    public async Task<ScoringModel?> ModelAsync(string vendorId, string? modelId, CancellationToken ct)
    {
        if (modelId == ScoringModel.DefaultId)
        {
            return ScoringModel.Default;
        }

        var row = modelId is null ? await data.LatestModelAsync(vendorId, ct) : await data.GetModelAsync(modelId, ct);
        if (row is null)
        {
            return modelId is null ? ScoringModel.Default : null;
        }

        return row.VendorId == vendorId ? ToModel(row) : null;
    }

    public static ScoringModel ToModel(ScoringModelRow row) =>
        new(row.Id, row.ModelKey, row.Version, JsonSerializer.Deserialize<ScoringModelDefinition>(row.Definition, ApiJson.Web)!);

    /// <summary>One partnership's score at <paramref name="asOf"/>.</summary>
    public async Task<PartnershipScore> ScoreAsync(PartnershipRow partnership, ScoringModel model, DateTimeOffset asOf, CancellationToken ct)
    {
        var catalogue = await CatalogueAsync(partnership.VendorId, ct);
        var signals = new List<ScoringSignal>();
        await foreach (var row in data.SignalsForPartnershipAsync(partnership.Id, Scorer.From(model, asOf), asOf, ct))
        {
            signals.Add(ToSignal(row, catalogue));
        }

        var approved = (await links.ApprovedAsync(partnership.Id, ct)).Where(l => ApprovedBy(l, asOf)).Select(l => l.CustomerId!).Distinct().ToList();
        var terms = ContractAt(await contracts.ListAsync(partnership.Id, 0, 1000, ct), asOf)?.Terms();
        var submissions = (await compliance.SubmissionsAsync(partnership.Id, asOf.AddDays(-365), asOf, ct)).Select(Reciprocity.ToDomain).ToList();
        var own = Scorer.Measure(model, new PartnershipFacts(partnership.Id, approved, terms, submissions), signals, asOf);
        var (cohort, cohortAsOf) = await CohortAsync(partnership.VendorId, model, asOf, ct);
        return new PartnershipScore(partnership, Scorer.Score(model, own, cohort), cohort.Count, cohortAsOf);
    }

    /// <summary>Every partnership of the vendor's program scored at <paramref name="asOf"/> against the day's cohort.</summary>
    public async Task<IReadOnlyList<PartnershipScore>> ScoreProgramAsync(string vendorId, ScoringModel model, DateTimeOffset asOf, CancellationToken ct)
    {
        var program = await MeasureProgramAsync(vendorId, model, asOf, ct);
        var (cohort, cohortAsOf) = await CohortAsync(vendorId, model, asOf, ct);
        return program.Partnerships.Zip(program.Measurements)
            .Select(p => new PartnershipScore(p.First, Scorer.Score(model, p.Second, cohort), cohort.Count, cohortAsOf))
            .ToList();
    }

    /// <summary>The vendor's active partnerships measured at 00:00 UTC of <paramref name="asOf"/>'s day.</summary>
    private async Task<(IReadOnlyList<Measurement> Cohort, DateTimeOffset AsOf)> CohortAsync(string vendorId, ScoringModel model, DateTimeOffset asOf, CancellationToken ct)
    {
        var day = new DateTimeOffset(asOf.UtcDateTime.Date, TimeSpan.Zero);
        var key = ("cohort", vendorId, model.Id, day);
        if (!cache.TryGetValue(key, out IReadOnlyList<Measurement>? cohort) || cohort is null)
        {
            var program = await MeasureProgramAsync(vendorId, model, day, ct);
            cohort = program.Partnerships.Zip(program.Measurements).Where(p => p.First.Status == PartnershipStatus.Active).Select(p => p.Second).ToList();
            cache.Set(key, cohort, TimeSpan.FromSeconds(options.Value.CohortCacheSeconds));
        }

        return (cohort, day);
    }

    /// <summary>Measures every partnership of the program from one scan of the program's signals.</summary>
    public async Task<ProgramMeasurement> MeasureProgramAsync(string vendorId, ScoringModel model, DateTimeOffset asOf, CancellationToken ct)
    {
        var catalogue = await CatalogueAsync(vendorId, ct);
        var partnerships = await data.PartnershipsOfVendorAsync(vendorId, ct);
        var approved = (await data.ApprovedLinksOfVendorAsync(vendorId, ct)).Where(l => ApprovedBy(l, asOf))
            .ToLookup(l => l.PartnershipId, l => l.CustomerId!, StringComparer.Ordinal);
        var contractsByPartnership = (await data.ActivatedContractsOfVendorAsync(vendorId, ct)).ToLookup(c => c.PartnershipId, StringComparer.Ordinal);
        var submissions = (await data.SubmissionsOfVendorAsync(vendorId, asOf.AddDays(-365), asOf, ct))
            .ToLookup(s => s.PartnershipId, ToSubmission, StringComparer.Ordinal);

        var all = new List<ScoringSignal>();
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var byCustomer = new Dictionary<string, List<ScoringSignal>>(StringComparer.Ordinal);
        await foreach (var row in data.SignalsForVendorAsync(vendorId, Scorer.From(model, asOf), asOf, ct))
        {
            var signal = ToSignal(row, catalogue, pool);
            all.Add(signal);
            if (!byCustomer.TryGetValue(signal.CustomerId, out var list))
            {
                byCustomer[signal.CustomerId] = list = [];
            }

            list.Add(signal);
        }

        var facts = new Dictionary<string, PartnershipFacts>(StringComparer.Ordinal);
        var measurements = new List<Measurement>(partnerships.Count);
        foreach (var partnership in partnerships)
        {
            var customers = approved[partnership.Id].Distinct(StringComparer.Ordinal).ToList();
            var signals = customers.SelectMany(c => byCustomer.GetValueOrDefault(c) ?? []).ToList();
            var fact = new PartnershipFacts(partnership.Id, customers, ContractAt(contractsByPartnership[partnership.Id], asOf)?.Terms(), submissions[partnership.Id].ToList());
            facts[partnership.Id] = fact;
            measurements.Add(Scorer.Measure(model, fact, signals, asOf));
        }

        return new ProgramMeasurement(partnerships, measurements, all, facts);
    }

    /// <summary>The contract version in force at <paramref name="asOf"/>: activated by then, not yet superseded or terminated.</summary>
    public static ContractRow? ContractAt(IEnumerable<ContractRow> versions, DateTimeOffset asOf) =>
        versions.Where(v => v.ActivatedAt is { } activated && activated <= asOf && (v.SupersededAt ?? v.TerminatedAt ?? DateTimeOffset.MaxValue) > asOf)
            .MaxBy(v => v.Version);

    private static bool ApprovedBy(LinkRow link, DateTimeOffset asOf) => link.CustomerId is not null && (link.DecidedAt ?? link.CreatedAt) <= asOf;

    private static SubmissionCount ToSubmission(PartnershipSubmissionDay d) =>
        new(d.TypeKey, DateOnly.ParseExact(d.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), d.Submitted, d.Accepted);

    private async Task<IReadOnlyDictionary<string, (string Stage, string Category)>> CatalogueAsync(string vendorId, CancellationToken ct) =>
        (await types.ForVendorAsync(vendorId, ct)).ToDictionary(t => t.TypeKey, t => (t.Stage, t.Category), StringComparer.Ordinal);

    /// <summary>
    /// Converts a row; with <paramref name="pool"/>, equal ids share one string instance, which keeps a program-wide
    /// load (a million signals and more) to a fraction of the memory.
    /// </summary>
    private static ScoringSignal ToSignal(ScoringSignalRow row, IReadOnlyDictionary<string, (string Stage, string Category)> catalogue, Dictionary<string, string>? pool = null)
    {
        var (stage, category) = catalogue.GetValueOrDefault(row.TypeKey, ("", ""));
        string Shared(string value)
        {
            if (pool is null)
            {
                return value;
            }

            if (!pool.TryGetValue(value, out var shared))
            {
                pool[value] = shared = value;
            }

            return shared;
        }

        double? value = null;
        if (row.Payload is not null)
        {
            using var payload = JsonDocument.Parse(row.Payload);
            value = ScoringSignals.ValueOf(row.TypeKey, category, payload.RootElement);
        }

        return new ScoringSignal(Shared(row.TypeKey), stage, category, Shared(row.CustomerId), Shared(row.PublisherId),
            row.PartnershipId is null ? null : Shared(row.PartnershipId), row.OccurredAt, value);
    }
}

public static class ScoringSetup
{
    public static IServiceCollection AddScoring(this IServiceCollection services)
    {
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMemoryCache();
        services.AddSingleton<ProgramScoring>();
        services.AddScoped<ScoreWatcher>();
        services.AddOptions<ReciprocityOptions>().BindConfiguration(ReciprocityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReciprocityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ReciprocityMonitor>());
        return services;
    }
}
