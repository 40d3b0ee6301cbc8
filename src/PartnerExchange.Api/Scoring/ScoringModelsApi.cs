using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Scoring;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Scoring;

/// <summary>A new version of a vendor's scoring model. Omitted settings take the default model's values.</summary>
/// <param name="Key">The model's key (lower-case letters, digits, hyphens; not <c>default</c>); posting an existing key creates its next version.</param>
/// <param name="Name">A human name.</param>
/// <param name="WindowDays">Days before <c>asOf</c> that signals count (30–1095; default 365).</param>
/// <param name="Attribution">Attribution model, lookback and half-life (default <c>time_decay</c>, 90, 30).</param>
/// <param name="Components">Components with weights summing to 100.</param>
/// <param name="FullConfidenceEvidence">Evidence per component at which it counts fully towards confidence (default 10).</param>
public sealed record CreateScoringModelRequest(
    string? Key, string? Name, int? WindowDays, AttributionSettings? Attribution, IReadOnlyList<ModelComponent>? Components, int? FullConfidenceEvidence);

/// <summary>An immutable scoring model version.</summary>
/// <param name="Id">Its id (<c>default</c> for the model that ships).</param>
/// <param name="Key">The model's key; versions of one key share it.</param>
/// <param name="Version">The version of the key.</param>
/// <param name="VendorId">The vendor whose program it belongs to (null for the default model).</param>
/// <param name="Active">Whether it is the model the program's scores use when none is named (the vendor's newest, else the default).</param>
/// <param name="Name">Its name.</param>
/// <param name="WindowDays">Days before <c>asOf</c> that signals count.</param>
/// <param name="Attribution">How outcomes are attributed to partner actions.</param>
/// <param name="Components">Components, weights and normalisation.</param>
/// <param name="FullConfidenceEvidence">Evidence per component at which it counts fully towards confidence.</param>
/// <param name="CreatedAt">When the version was created (null for the default model).</param>
public sealed record ScoringModelResponse(
    string Id, string Key, int Version, string? VendorId, bool Active, string Name, int WindowDays, AttributionSettings Attribution,
    IReadOnlyList<ModelComponent> Components, int FullConfidenceEvidence, DateTimeOffset? CreatedAt);

public static partial class ScoringModelsApi
{
    public static IEndpointRouteBuilder MapScoringModels(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("ScoringModels").MapGroup("/v{version:apiVersion}/scoring-models").HasApiVersion(1.0).WithTags("Scoring");
        group.MapGet("/", ListModels).RequireAuthorization(Scopes.ScoresRead);
        group.MapGet("/{id}", GetModel).RequireAuthorization(Scopes.ScoresRead);
        group.MapPost("/", CreateModel).RequireAuthorization(Scopes.ScoringManage);
        return app;
    }

    /// <summary>
    /// The models usable in a program: the default model first, then the program's versions, oldest first. A vendor
    /// lists its own program; a partner or the operator names the program with <c>vendorId</c> (404 for a vendor the
    /// partner has no partnership with).
    /// </summary>
    public static async Task<Results<Ok<Page<ScoringModelResponse>>, ProblemHttpResult, ValidationProblem>> ListModels(
        string? vendorId, int? limit, string? cursor, ClaimsPrincipal user, ScoringData data, PartnershipsData partnerships, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(user);
        var program = vendorId ?? (caller.PartyKind == PartyKind.Vendor ? caller.PartyId : null);
        if (program is not null && !await MaySeeProgramAsync(caller, program, partnerships, ct))
        {
            return Problems.NotFound($"No program of vendor '{program}'.");
        }

        var active = program is null ? null : await data.LatestModelAsync(program, ct);
        var rows = program is null ? [] : await data.ListModelsAsync(program, page.After, page.FetchLimit, ct);
        var result = page.ToPage(rows, r => r.Id, r => ToResponse(ProgramScoring.ToModel(r), r.VendorId, r.Id == active?.Id, r.CreatedAt));
        return TypedResults.Ok(page.After == ""
            ? result with { Items = [ToResponse(ScoringModel.Default, null, active is null, null), .. result.Items] }
            : result);
    }

    /// <summary>One model version: <c>default</c>, or a version of a program the caller takes part in.</summary>
    public static async Task<Results<Ok<ScoringModelResponse>, ProblemHttpResult>> GetModel(
        string id, ClaimsPrincipal user, ScoringData data, PartnershipsData partnerships, CancellationToken ct)
    {
        if (id == ScoringModel.DefaultId)
        {
            var caller = Caller.From(user);
            var custom = caller.PartyKind == PartyKind.Vendor ? await data.LatestModelAsync(caller.PartyId!, ct) : null;
            return TypedResults.Ok(ToResponse(ScoringModel.Default, null, caller.PartyKind == PartyKind.Vendor && custom is null, null));
        }

        var row = await data.GetModelAsync(id, ct);
        if (row is null || !await MaySeeProgramAsync(Caller.From(user), row.VendorId, partnerships, ct))
        {
            return Problems.NotFound($"No scoring model '{id}'.");
        }

        var latest = await data.LatestModelAsync(row.VendorId, ct);
        return TypedResults.Ok(ToResponse(ProgramScoring.ToModel(row), row.VendorId, latest?.Id == row.Id, row.CreatedAt));
    }

    /// <summary>
    /// Creates the next immutable version of one of the vendor's models (vendors only) and makes it the program's
    /// active model. Every rule a model breaks is listed (422 with each field's path).
    /// </summary>
    public static async Task<Results<Created<ScoringModelResponse>, ProblemHttpResult, ValidationProblem>> CreateModel(
        CreateScoringModelRequest request, ClaimsPrincipal user, ScoringData data, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind != PartyKind.Vendor)
        {
            return Problems.Forbidden("Only a vendor defines scoring models for its program.");
        }

        var defaults = ScoringModel.Default.Definition;
        var definition = new ScoringModelDefinition(
            request.Name ?? "", request.WindowDays ?? defaults.WindowDays, request.Attribution ?? defaults.Attribution,
            request.Components ?? [], request.FullConfidenceEvidence ?? defaults.FullConfidenceEvidence);
        var errors = ScoringModelRules.Validate(definition);
        if (request.Key is null || !KeyPattern().IsMatch(request.Key) || request.Key == ScoringModel.DefaultId)
        {
            errors.Add("key", "key is required: 1–64 lower-case letters, digits and hyphens, starting with a letter, and not 'default'.");
        }

        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var row = await data.InsertModelAsync(caller.PartyId!, request.Key!, JsonSerializer.Serialize(definition, ApiJson.Web), clock.GetUtcNow(), ct);
        return TypedResults.Created($"/v1/scoring-models/{row.Id}", ToResponse(ProgramScoring.ToModel(row), row.VendorId, true, row.CreatedAt));
    }

    private static async Task<bool> MaySeeProgramAsync(Caller caller, string vendorId, PartnershipsData partnerships, CancellationToken ct) =>
        caller.IsOperator || caller.Is(vendorId)
        || (caller.PartyKind == PartyKind.Partner && (await partnerships.ListAsync(caller.PartyId, "", 1000, ct)).Any(p => p.VendorId == vendorId));

    private static ScoringModelResponse ToResponse(ScoringModel model, string? vendorId, bool active, DateTimeOffset? createdAt)
    {
        var d = model.Definition;
        return new ScoringModelResponse(model.Id, model.Key, model.Version, vendorId, active, d.Name, d.WindowDays, d.Attribution, d.Components, d.FullConfidenceEvidence, createdAt);
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();
}
