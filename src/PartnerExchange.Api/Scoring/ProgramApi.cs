using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Scoring;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Scoring;

/// <summary>The vendor's program settings (a full replacement on PUT).</summary>
/// <param name="ExecutiveSponsor">The executive who sponsors the partner program (at most 200 characters).</param>
/// <param name="ReviewCadenceDays">How often the program is reviewed, in days (1–365).</param>
/// <param name="LastReviewOn">The date of the last program review (not in the future).</param>
/// <param name="ScoreUses">What the scores are used for (e.g. <c>tiering</c>, <c>incentives</c>, <c>co-selling</c>; up to 20, each at most 100 characters).</param>
public sealed record ProgramRequest(string? ExecutiveSponsor, int? ReviewCadenceDays, DateOnly? LastReviewOn, IReadOnlyList<string>? ScoreUses);

/// <param name="VendorId">The program's vendor.</param>
/// <param name="ExecutiveSponsor">The executive sponsor.</param>
/// <param name="ReviewCadenceDays">Review cadence in days.</param>
/// <param name="LastReviewOn">Date of the last review.</param>
/// <param name="ScoreUses">What scores are used for.</param>
/// <param name="UpdatedAt">When the settings were last saved (null when never).</param>
public sealed record ProgramResponse(string VendorId, string? ExecutiveSponsor, int? ReviewCadenceDays, DateOnly? LastReviewOn, IReadOnlyList<string> ScoreUses, DateTimeOffset? UpdatedAt);

/// <param name="Key"><c>definition</c>, <c>attribution</c>, <c>leadership</c>, <c>reciprocity</c> or <c>convergence</c>.</param>
/// <param name="Score">0–100.</param>
/// <param name="Facts">The facts the figure is computed from.</param>
/// <param name="Improvements">What would raise it.</param>
public sealed record PillarResponse(string Key, double Score, IReadOnlyDictionary<string, object?> Facts, IReadOnlyList<string> Improvements);

/// <summary>The program's readiness (DESIGN §6).</summary>
/// <param name="VendorId">The program's vendor.</param>
/// <param name="AsOf">The moment measured.</param>
/// <param name="Model">The active model whose window and components are measured.</param>
/// <param name="Level">1–5 from the mean of the pillars (&lt; 20 → 1, &lt; 40 → 2, &lt; 60 → 3, &lt; 80 → 4, else 5).</param>
/// <param name="Overall">Mean of the five pillars.</param>
/// <param name="Pillars">The five pillars.</param>
/// <param name="NextLevel">What the next level needs (null at level 5).</param>
/// <param name="ToRaise">What would raise the level, weakest pillar first.</param>
public sealed record ReadinessResponse(
    string VendorId, DateTimeOffset AsOf, ModelReference Model, int Level, double Overall, IReadOnlyList<PillarResponse> Pillars, string? NextLevel, IReadOnlyList<string> ToRaise);

public static class ProgramApi
{
    public const int MaxScoreUses = 20;

    public static IEndpointRouteBuilder MapProgram(this IEndpointRouteBuilder app)
    {
        var api = app.NewVersionedApi("Program");
        var program = api.MapGroup("/v{version:apiVersion}/program").HasApiVersion(1.0).WithTags("Scoring");
        program.MapGet("/", GetProgram).RequireAuthorization(Scopes.ScoresRead);
        program.MapPut("/", PutProgram).RequireAuthorization(Scopes.ScoringManage);
        api.MapGroup("/v{version:apiVersion}/readiness").HasApiVersion(1.0).WithTags("Scoring")
            .RequireAuthorization(Scopes.ScoresRead)
            .MapGet("/", GetReadiness);
        return app;
    }

    /// <summary>The vendor's program settings (vendors only).</summary>
    public static async Task<Results<Ok<ProgramResponse>, ProblemHttpResult>> GetProgram(ClaimsPrincipal user, ScoringData data, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only a vendor has a program.");
        }

        return TypedResults.Ok(ToResponse(caller.PartyId!, await data.GetProgramAsync(caller.PartyId!, ct)));
    }

    /// <summary>Replaces the vendor's program settings (vendors only); every invalid field is listed.</summary>
    public static async Task<Results<Ok<ProgramResponse>, ProblemHttpResult, ValidationProblem>> PutProgram(
        ProgramRequest request, ClaimsPrincipal user, ScoringData data, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only a vendor has a program.");
        }

        var now = clock.GetUtcNow();
        var uses = request.ScoreUses ?? [];
        var errors = new ValidationErrors()
            .Require(request.ExecutiveSponsor is null || (request.ExecutiveSponsor.Trim().Length is >= 1 and <= 200), "executiveSponsor", "executiveSponsor must be 1–200 characters.")
            .Require(request.ReviewCadenceDays is null or (>= 1 and <= 365), "reviewCadenceDays", "reviewCadenceDays must be between 1 and 365.")
            .Require(request.LastReviewOn is null || request.LastReviewOn <= DateOnly.FromDateTime(now.UtcDateTime), "lastReviewOn", "lastReviewOn must not be in the future.")
            .Require(uses.Count <= MaxScoreUses, "scoreUses", $"At most {MaxScoreUses} uses.")
            .Require(uses.Distinct(StringComparer.Ordinal).Count() == uses.Count, "scoreUses", "Each use at most once.");
        for (var i = 0; i < uses.Count; i++)
        {
            errors.Require(uses[i] is { Length: >= 1 and <= 100 } && uses[i].Trim() == uses[i], $"scoreUses[{i}]", "Each use is 1–100 characters without surrounding spaces.");
        }

        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var row = new ProgramRow
        {
            VendorId = caller.PartyId!, ExecutiveSponsor = request.ExecutiveSponsor?.Trim(), ReviewCadenceDays = request.ReviewCadenceDays,
            LastReviewOn = request.LastReviewOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ScoreUses = JsonSerializer.Serialize(uses, ApiJson.Web), UpdatedAt = now,
        };
        await data.SaveProgramAsync(row, ct);
        return TypedResults.Ok(ToResponse(caller.PartyId!, row));
    }

    /// <summary>
    /// The program's readiness at <c>asOf</c> (default now; vendors only): the five pillars of DESIGN §6, each 0–100 with
    /// the facts behind it, and the level 1–5 with what would raise it.
    /// </summary>
    public static async Task<Results<Ok<ReadinessResponse>, ProblemHttpResult>> GetReadiness(
        DateTimeOffset? asOf, ClaimsPrincipal user, ScoringData data, ProgramScoring scoring, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only a vendor has a program.");
        }

        var vendorId = caller.PartyId!;
        var at = asOf ?? clock.GetUtcNow();
        var model = await scoring.ModelAsync(vendorId, null, ct) ?? ScoringModel.Default;
        var measured = await scoring.MeasureProgramAsync(vendorId, model, at, ct);
        var partnerships = measured.Partnerships.Where(p => p.Status == PartnershipStatus.Active).Select(p =>
        {
            var facts = measured.Facts[p.Id];
            var twoWay = facts.Terms is { Obligations.Count: > 0, Entitlements.Count: > 0 };
            return new PartnershipReciprocity(p.Id, twoWay, twoWay ? Scorer.ComplianceOf(facts, measured.Signals, at)?.Compliance : null);
        }).ToList();
        var result = Readiness.Evaluate(new ReadinessInputs(model, await SettingsAsync(data, vendorId, ct), measured.Signals, partnerships, at));
        return TypedResults.Ok(new ReadinessResponse(vendorId, at, new ModelReference(model.Id, model.Key, model.Version), result.Level, result.Overall,
            result.Pillars.Select(p => new PillarResponse(p.Key, p.Score, p.Facts, p.Improvements)).ToList(), result.NextLevel, result.ToRaise));
    }

    /// <summary>The program's settings as readiness sees them (empty when never saved).</summary>
    public static async Task<ProgramSettings> SettingsAsync(ScoringData data, string vendorId, CancellationToken ct)
    {
        var response = ToResponse(vendorId, await data.GetProgramAsync(vendorId, ct));
        return new ProgramSettings(response.ExecutiveSponsor, response.ReviewCadenceDays, response.LastReviewOn, response.ScoreUses);
    }

    private static ProgramResponse ToResponse(string vendorId, ProgramRow? row) => row is null
        ? new ProgramResponse(vendorId, null, null, null, [], null)
        : new ProgramResponse(vendorId, row.ExecutiveSponsor, row.ReviewCadenceDays,
            row.LastReviewOn is null ? null : DateOnly.ParseExact(row.LastReviewOn, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<List<string>>(row.ScoreUses, ApiJson.Web) ?? [], row.UpdatedAt);
}
