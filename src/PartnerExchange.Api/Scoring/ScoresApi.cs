using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Scoring;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Scoring;

/// <summary>What the score endpoints need.</summary>
public sealed record ScoreServices(PartnershipsData Partnerships, ScoringData Data, ProgramScoring Scoring, TimeProvider Clock);

/// <param name="Id">The model version's id.</param>
/// <param name="Key">The model's key.</param>
/// <param name="Version">The version.</param>
public sealed record ModelReference(string Id, string Key, int Version);

/// <param name="From">Start of the window (inclusive).</param>
/// <param name="To">End of the window: <c>asOf</c> (inclusive).</param>
public sealed record ScoreWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>One component of a score.</summary>
/// <param name="Key"><c>outcomes</c>, <c>adoption</c>, <c>retention</c>, <c>reciprocity</c> or <c>convergence</c>.</param>
/// <param name="Weight">The model's weight.</param>
/// <param name="EffectiveWeight">The weight after redistributing the weight of components without enough data.</param>
/// <param name="Raw">The measured value (an amount for outcomes, a share for the others); null with nothing to measure.</param>
/// <param name="Normalized">0–1 after normalisation; null when the component has too little data.</param>
/// <param name="Points">effectiveWeight × normalized.</param>
/// <param name="Status"><c>ok</c> or <c>insufficient_data</c>.</param>
/// <param name="Evidence">How many facts the raw value rests on.</param>
/// <param name="Normalization">The normalisation applied.</param>
/// <param name="Explanation">The raw value in words.</param>
public sealed record ComponentResponse(
    string Key, int Weight, double EffectiveWeight, double? Raw, double? Normalized, double Points, string Status, int Evidence, string Normalization, string Explanation);

/// <summary>Why a customer moved the score.</summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Component">The component it moved.</param>
/// <param name="Code"><c>attributed_outcome</c>, <c>attributed_churn</c>, <c>high_utilization</c>, <c>low_utilization</c>, <c>renewed</c>, <c>churned</c>, <c>obligation_late</c>, <c>corroborated_action</c> or <c>uncorroborated_action</c>.</param>
/// <param name="Value">The quantity behind it (credited value, utilization, count).</param>
/// <param name="Points">Points earned (positive) or missed (negative) because of it.</param>
public sealed record ReasonResponse(string CustomerId, string Component, string Code, double Value, double Points);

/// <summary>The cohort the percentiles compare with (vendor callers only).</summary>
/// <param name="Size">Active partnerships of the program.</param>
/// <param name="AsOf">The cohort is measured at 00:00 UTC of the score's day.</param>
public sealed record CohortResponse(int Size, DateTimeOffset AsOf);

/// <summary>A partner success score (DESIGN §6), with every number explained.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="Score">0–100 (one decimal); null when no component has enough data.</param>
/// <param name="Tier"><c>Strategic</c> (≥ 80), <c>Advanced</c> (≥ 60), <c>Established</c> (≥ 40) or <c>Emerging</c>.</param>
/// <param name="Confidence">0–1: Σ weight/100 × min(1, evidence ÷ fullConfidenceEvidence) over components with data.</param>
/// <param name="Model">The model version used.</param>
/// <param name="AsOf">The moment scored.</param>
/// <param name="Window">The window signals count in.</param>
/// <param name="Components">Every component of the model.</param>
/// <param name="Reasons">The customers that moved the score most (up to 10).</param>
/// <param name="Warnings">Components without data, normalisation fallbacks and (for the vendor) the program's readiness gaps.</param>
/// <param name="Cohort">The cohort percentiles compare with (vendor and operator only).</param>
public sealed record ScoreResponse(
    string PartnershipId, double? Score, string? Tier, double Confidence, ModelReference Model, DateTimeOffset AsOf, ScoreWindow Window,
    IReadOnlyList<ComponentResponse> Components, IReadOnlyList<ReasonResponse> Reasons, IReadOnlyList<string> Warnings, CohortResponse? Cohort);

/// <summary>A score at one point of the history.</summary>
/// <param name="AsOf">The moment replayed.</param>
/// <param name="Score">The score then.</param>
/// <param name="Tier">The tier then.</param>
/// <param name="Confidence">The confidence then.</param>
/// <param name="Components">Each component's points and status then.</param>
public sealed record HistoryPoint(DateTimeOffset AsOf, double? Score, string? Tier, double Confidence, IReadOnlyList<ComponentPoints> Components);

/// <param name="Key">The component.</param>
/// <param name="Points">Its points.</param>
/// <param name="Status">Its status.</param>
public sealed record ComponentPoints(string Key, double Points, string Status);

/// <param name="PartnershipId">The partnership.</param>
/// <param name="Model">The model version used at every point.</param>
/// <param name="Interval"><c>month</c>.</param>
/// <param name="Points">The score replayed at each point, oldest first.</param>
public sealed record ScoreHistoryResponse(string PartnershipId, ModelReference Model, string Interval, IReadOnlyList<HistoryPoint> Points);

/// <summary>A partnership's place in its program.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="VendorId">The program's vendor.</param>
/// <param name="PartnerId">The partner (vendor and operator views only).</param>
/// <param name="Rank">1 = highest score (vendor and operator views only).</param>
/// <param name="Score">The score; null without enough data.</param>
/// <param name="Tier">The tier.</param>
/// <param name="Confidence">The confidence.</param>
/// <param name="Percentile">Mid-rank percentile (0–1) of the score among the program's scored partnerships; for a partner only when the cohort has at least 5.</param>
/// <param name="CohortMedian">Median score of the program's scored partnerships; for a partner only when the cohort has at least 5.</param>
/// <param name="CohortSize">Scored partnerships of the program; for a partner only when at least 5.</param>
public sealed record RankedScore(
    string PartnershipId, string VendorId, string? PartnerId, int? Rank, double? Score, string? Tier, double Confidence,
    double? Percentile, double? CohortMedian, int? CohortSize);

/// <param name="AsOf">The moment scored.</param>
/// <param name="Items">The vendor's partnerships ranked, or the partner's own partnerships.</param>
public sealed record ScoresResponse(DateTimeOffset AsOf, IReadOnlyList<RankedScore> Items) : ICountedResult
{
    int ICountedResult.RecordCount => Items.Count;
}

public static class ScoresApi
{
    public const int MinPublicCohort = 5;
    public const int MaxHistoryPoints = 36;

    public static IEndpointRouteBuilder MapScores(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Scores");
        var partnership = api.MapGroup("/v{version:apiVersion}/partnerships/{partnershipId}/score").HasApiVersion(1.0).WithTags("Scoring")
            .RequireAuthorization(Scopes.ScoresRead).AddEndpointFilter<Audit.AuditFilter>();
        partnership.MapGet("/", GetScore);
        partnership.MapGet("/history", GetHistory);
        api.MapGroup("/v{version:apiVersion}/scores").HasApiVersion(1.0).WithTags("Scoring")
            .RequireAuthorization(Scopes.ScoresRead).AddEndpointFilter<Audit.AuditFilter>()
            .MapGet("/", ListScores);
        return app;
    }

    /// <summary>
    /// The partnership's score at <c>asOf</c> (default now) under <c>model</c> (default: the program's active model).
    /// Either party may read it; a partner sees its own score, components, evidence and customers, never the cohort.
    /// </summary>
    public static async Task<Results<Ok<ScoreResponse>, ProblemHttpResult>> GetScore(
        string partnershipId, DateTimeOffset? asOf, string? model, ClaimsPrincipal user, [AsParameters] ScoreServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, caller, ct) is not { } member)
        {
            return Problems.NotFound($"No partnership '{partnershipId}'.");
        }

        if (await s.Scoring.ModelAsync(member.Partnership.VendorId, model, ct) is not { } scoringModel)
        {
            return Problems.NotFound($"No scoring model '{model}' in this program.");
        }

        var at = asOf ?? s.Clock.GetUtcNow();
        var scored = await s.Scoring.ScoreAsync(member.Partnership, scoringModel, at, ct);
        if (!member.IsVendor && !caller.IsOperator)
        {
            return TypedResults.Ok(ToResponse(scored.Result, scoringModel, at, null)); // the program's settings and cohort are the vendor's
        }

        var program = await ProgramApi.SettingsAsync(s.Data, member.Partnership.VendorId, ct);
        var gaps = Readiness.Leadership(program, at).Improvements.Select(i => $"readiness: {i}");
        var result = scored.Result with { Warnings = [.. scored.Result.Warnings, .. gaps] };
        return TypedResults.Ok(ToResponse(result, scoringModel, at, new CohortResponse(scored.CohortSize, scored.CohortAsOf)));
    }

    /// <summary>
    /// The score replayed at each month from <c>from</c> (default: 11 months before <c>to</c>) to <c>to</c> (default now),
    /// at most 36 points. Every point is computed from the data as it stands, not stored.
    /// </summary>
    public static async Task<Results<Ok<ScoreHistoryResponse>, ProblemHttpResult, ValidationProblem>> GetHistory(
        string partnershipId, DateTimeOffset? from, DateTimeOffset? to, string? interval, string? model, ClaimsPrincipal user,
        [AsParameters] ScoreServices s, CancellationToken ct)
    {
        var end = to ?? s.Clock.GetUtcNow();
        var start = from ?? end.AddMonths(-11);
        var errors = new ValidationErrors()
            .Require(interval is null or "month", "interval", "interval must be 'month'.")
            .Require(start <= end, "from", "from must not be after to.");
        var points = new List<DateTimeOffset>();
        for (var point = start; point <= end && points.Count <= MaxHistoryPoints; point = start.AddMonths(points.Count))
        {
            points.Add(point);
        }

        errors.Require(points.Count <= MaxHistoryPoints, "from", $"At most {MaxHistoryPoints} points: shorten the range.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is not { } member)
        {
            return Problems.NotFound($"No partnership '{partnershipId}'.");
        }

        if (await s.Scoring.ModelAsync(member.Partnership.VendorId, model, ct) is not { } scoringModel)
        {
            return Problems.NotFound($"No scoring model '{model}' in this program.");
        }

        var history = new List<HistoryPoint>(points.Count);
        foreach (var point in points)
        {
            var result = (await s.Scoring.ScoreAsync(member.Partnership, scoringModel, point, ct)).Result;
            history.Add(new HistoryPoint(point, result.Score, result.Tier, result.Confidence,
                result.Components.Select(c => new ComponentPoints(c.Key, Round(c.Points), c.Status)).ToList()));
        }

        return TypedResults.Ok(new ScoreHistoryResponse(partnershipId, Reference(scoringModel), "month", history));
    }

    /// <summary>
    /// The vendor's partnerships ranked by score with percentiles (the operator names the vendor with <c>vendorId</c>);
    /// a partner gets its own partnerships' scores, with the cohort median and its percentile only when the program
    /// has at least 5 scored partnerships.
    /// </summary>
    public static async Task<Results<Ok<ScoresResponse>, ProblemHttpResult, ValidationProblem>> ListScores(
        DateTimeOffset? asOf, string? model, string? vendorId, ClaimsPrincipal user, [AsParameters] ScoreServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var at = asOf ?? s.Clock.GetUtcNow();
        if (caller.PartyKind == PartyKind.Partner)
        {
            if (model is not null)
            {
                return Problems.Validation("model", "Partners see scores under each program's active model.");
            }

            var items = new List<RankedScore>();
            foreach (var partnership in (await s.Partnerships.ListAsync(caller.PartyId, "", 1000, ct)).Where(p => p.Status == PartnershipStatus.Active))
            {
                var program = await RankAsync(s, partnership.VendorId, await s.Scoring.ModelAsync(partnership.VendorId, null, ct) ?? ScoringModel.Default, at, ct);
                var own = program.Single(r => r.PartnershipId == partnership.Id);
                var cohort = program.Count(r => r.Score is not null);
                items.Add(cohort >= MinPublicCohort
                    ? own with { PartnerId = null, Rank = null }
                    : own with { PartnerId = null, Rank = null, Percentile = null, CohortMedian = null, CohortSize = null });
            }

            return TypedResults.Ok(new ScoresResponse(at, items));
        }

        var vendor = caller.IsOperator ? vendorId : caller.PartyId;
        if (vendor is null || caller.PartyKind != PartyKind.Vendor && !caller.IsOperator)
        {
            return Problems.Validation("vendorId", "vendorId names the program to rank.");
        }

        if (await s.Scoring.ModelAsync(vendor, model, ct) is not { } scoringModel)
        {
            return Problems.NotFound($"No scoring model '{model}' in this program.");
        }

        return TypedResults.Ok(new ScoresResponse(at, await RankAsync(s, vendor, scoringModel, at, ct)));
    }

    /// <summary>Every active partnership of the program, ranked by score (no score last).</summary>
    private static async Task<IReadOnlyList<RankedScore>> RankAsync(ScoreServices s, string vendorId, ScoringModel model, DateTimeOffset asOf, CancellationToken ct)
    {
        var scores = (await s.Scoring.ScoreProgramAsync(vendorId, model, asOf, ct)).Where(p => p.Partnership.Status == PartnershipStatus.Active).ToList();
        var scored = scores.Where(p => p.Result.Score is not null).Select(p => p.Result.Score!.Value).Order().ToList();
        double? median = scored.Count == 0 ? null : scored.Count % 2 == 1 ? scored[scored.Count / 2] : (scored[scored.Count / 2 - 1] + scored[scored.Count / 2]) / 2;
        return scores
            .OrderByDescending(p => p.Result.Score ?? double.NegativeInfinity).ThenBy(p => p.Partnership.Id, StringComparer.Ordinal)
            .Select((p, i) => new RankedScore(p.Partnership.Id, vendorId, p.Partnership.PartnerId, i + 1, p.Result.Score, p.Result.Tier, p.Result.Confidence,
                p.Result.Score is { } score ? Round(Scorer.Percentile(score, WithoutOne(scored, score))) : null, median, scored.Count))
            .ToList();
    }

    private static List<double> WithoutOne(List<double> values, double value)
    {
        var copy = new List<double>(values);
        copy.Remove(value);
        return copy;
    }

    private static ScoreResponse ToResponse(ScoreResult result, ScoringModel model, DateTimeOffset asOf, CohortResponse? cohort) =>
        new(result.PartnershipId, result.Score, result.Tier, result.Confidence, Reference(model), asOf,
            new ScoreWindow(asOf.AddDays(-model.Definition.WindowDays), asOf),
            result.Components.Select(c => new ComponentResponse(c.Key, c.Weight, Round(c.EffectiveWeight), c.Raw is { } raw ? Round(raw) : null,
                c.Normalized is { } n ? Round(n) : null, Round(c.Points), c.Status, c.Evidence, c.Normalization, c.Explanation)).ToList(),
            result.Reasons.Select(r => new ReasonResponse(r.CustomerId, r.Component, r.Code, Round(r.Value), Round(r.Points))).ToList(),
            result.Warnings, cohort);

    private static ModelReference Reference(ScoringModel model) => new(model.Id, model.Key, model.Version);

    private static double Round(double value) => Math.Round(value, 4);
}
