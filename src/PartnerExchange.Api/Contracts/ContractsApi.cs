using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Api.SignalTypes;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Domain.Contracts;
using PartnerExchange.Domain.Signals;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Contracts;

/// <summary>What every contract handler needs.</summary>
public sealed record ContractServices(
    PartnershipsData Partnerships,
    ContractsData Contracts,
    SignalTypesData Types,
    TimeProvider Clock,
    HttpContext Http);

/// <summary>
/// Versioned data contracts per partnership (DESIGN §4): draft → proposed → active → superseded |
/// terminated, or proposed → rejected. Every change of one partnership's contracts runs under that
/// partnership's lock, so racing moves end in exactly one consistent outcome.
/// </summary>
public static class ContractsApi
{
    private const string ContractEntity = "contract";

    private static readonly (ContractAction Action, string Summary)[] s_moves =
    [
        (ContractAction.Propose, "Proposes a draft to the counterparty (its drafter only)."),
        (ContractAction.Accept, "Accepts a proposal (the counterparty only): the version becomes active and supersedes the previous active one."),
        (ContractAction.Reject, "Rejects a proposal (the counterparty only)."),
        (ContractAction.Terminate, "Terminates the active version (either party)."),
    ];

    public static IEndpointRouteBuilder MapContracts(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Contracts").MapGroup("/v{version:apiVersion}/partnerships/{partnershipId}/contracts")
            .HasApiVersion(1.0).WithTags("Contracts").RequireAuthorization();

        group.MapGet("/", ListContracts).RequireAuthorization(Policies.ContractsRead);
        group.MapPost("/", CreateDraft).RequireAuthorization(Domain.Auth.Scopes.ContractsManage);
        group.MapGet("/active", GetActiveContract).RequireAuthorization(Policies.ContractsRead);
        group.MapGet("/{contractVersion:int}", GetContract).RequireAuthorization(Policies.ContractsRead);
        group.MapPut("/{contractVersion:int}", ReplaceDraft).RequireAuthorization(Domain.Auth.Scopes.ContractsManage);
        foreach (var (action, summary) in s_moves)
        {
            var name = action.ToString().ToLowerInvariant();
            group.MapPost($"/{{contractVersion:int}}/{name}",
                    (string partnershipId, int contractVersion, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct) =>
                        Move(partnershipId, contractVersion, action, user, s, ct))
                .WithName($"{action}Contract").WithSummary(summary).RequireAuthorization(Domain.Auth.Scopes.ContractsManage);
        }

        return app;
    }

    /// <summary>Lists a partnership's contract versions, oldest first.</summary>
    public static async Task<Results<Ok<Page<ContractResponse>>, ValidationProblem, ProblemHttpResult>> ListContracts(
        string partnershipId, int? limit, string? cursor, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        var after = page.After.Length == 0 ? 0 : int.TryParse(page.After, out var v) ? v : -1;
        errors.Require(after >= 0, "cursor", "cursor is not a cursor returned by this API.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        if (await Membership(partnershipId, user, s, ct) is null)
        {
            return PartnershipNotFound(partnershipId);
        }

        var rows = await s.Contracts.ListAsync(partnershipId, after, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), r => r.ToResponse()));
    }

    /// <summary>Reads one version; its <c>ETag</c> header is what a change to a draft must send as <c>If-Match</c>.</summary>
    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> GetContract(
        string partnershipId, int contractVersion, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct)
    {
        if (await Membership(partnershipId, user, s, ct) is null)
        {
            return PartnershipNotFound(partnershipId);
        }

        return await s.Contracts.GetAsync(partnershipId, contractVersion, ct) is { } row
            ? WithETag(row, s.Http)
            : Problems.NotFound($"Partnership '{partnershipId}' has no contract version {contractVersion}.");
    }

    /// <summary>Reads the active version; 404 when the partnership has none.</summary>
    public static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> GetActiveContract(
        string partnershipId, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct)
    {
        if (await Membership(partnershipId, user, s, ct) is null)
        {
            return PartnershipNotFound(partnershipId);
        }

        return await s.Contracts.GetActiveAsync(partnershipId, ct) is { } row
            ? WithETag(row, s.Http)
            : Problems.NotFound($"Partnership '{partnershipId}' has no active contract.");
    }

    /// <summary>Drafts a new version (either party). Only its drafter may edit or propose it.</summary>
    public static async Task<Results<Created<ContractResponse>, ValidationProblem, ProblemHttpResult>> CreateDraft(
        string partnershipId, ContractRequest request, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct)
    {
        if (await Membership(partnershipId, user, s, ct) is not { IsParty: true } member)
        {
            return PartnershipNotFound(partnershipId);
        }

        await using var unit = await s.Contracts.BeginAsync(partnershipId, ct);
        if (unit is null)
        {
            return PartnershipNotFound(partnershipId);
        }

        var (terms, refs, errors) = await ValidateAsync(request, member.Partnership.VendorId, unit, s.Types, ct);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = s.Clock.GetUtcNow();
        var row = new ContractRow
        {
            PartnershipId = partnershipId,
            Version = await unit.NextVersionAsync(ct),
            Status = ContractStatus.Draft,
            Revision = 1,
            DraftedBy = member.PartyId,
            Content = ContractMapping.Serialize(terms),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await unit.InsertAsync(row, ct);
        await unit.SetTypeRefsAsync(row.Version, refs, ct);
        await unit.AppendChangesAsync([Changed(row, member.Partnership)], now, ct);
        await unit.CommitAsync(ct);

        s.Http.Response.Headers.ETag = row.ETag();
        return TypedResults.Created($"/v1/partnerships/{partnershipId}/contracts/{row.Version}", row.ToResponse());
    }

    /// <summary>Replaces a draft's terms (its drafter only). <c>If-Match</c> is required: missing → 428, stale → 412.</summary>
    public static async Task<Results<Ok<ContractResponse>, ValidationProblem, ProblemHttpResult>> ReplaceDraft(
        string partnershipId, int contractVersion, ContractRequest request, ClaimsPrincipal user, [AsParameters] ContractServices s, CancellationToken ct)
    {
        var ifMatch = s.Http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return Problems.Problem(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "If-Match required",
                "Send the version's ETag as If-Match, so that a change made meanwhile is not overwritten.");
        }

        if (await Membership(partnershipId, user, s, ct) is not { IsParty: true } member)
        {
            return PartnershipNotFound(partnershipId);
        }

        await using var unit = await s.Contracts.BeginAsync(partnershipId, ct);
        if (unit is null || await unit.GetAsync(contractVersion, ct) is not { } row)
        {
            return Problems.NotFound($"Partnership '{partnershipId}' has no contract version {contractVersion}.");
        }

        var edit = ContractLifecycle.Apply(row.State(), ContractAction.Edit, member.PartyId, member.IsVendor, member.Active, s.Clock.GetUtcNow());
        if (edit.Error != TransitionError.None)
        {
            return Refused(row, edit);
        }

        if (!Matches(ifMatch, row))
        {
            return Stale(row);
        }

        var (terms, refs, errors) = await ValidateAsync(request, member.Partnership.VendorId, unit, s.Types, ct);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = s.Clock.GetUtcNow();
        var saved = row with { Content = ContractMapping.Serialize(terms), Revision = row.Revision + 1, UpdatedAt = now };
        await unit.SaveAsync(saved, row.Revision, ct);
        await unit.SetTypeRefsAsync(row.Version, refs, ct);
        await unit.AppendChangesAsync([Changed(saved, member.Partnership)], now, ct);
        await unit.CommitAsync(ct);
        return WithETag(saved, s.Http);
    }

    /// <summary>
    /// Applies one lifecycle move. An accepted proposal becomes active and the previous active version
    /// is superseded in the same transaction. <c>If-Match</c> is optional here; a stale one answers 412.
    /// </summary>
    private static async Task<Results<Ok<ContractResponse>, ProblemHttpResult>> Move(
        string partnershipId, int contractVersion, ContractAction action, ClaimsPrincipal user, ContractServices s, CancellationToken ct)
    {
        if (await Membership(partnershipId, user, s, ct) is not { IsParty: true } member)
        {
            return PartnershipNotFound(partnershipId);
        }

        await using var unit = await s.Contracts.BeginAsync(partnershipId, ct);
        if (unit is null || await unit.GetAsync(contractVersion, ct) is not { } row)
        {
            return Problems.NotFound($"Partnership '{partnershipId}' has no contract version {contractVersion}.");
        }

        var ifMatch = s.Http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && !Matches(ifMatch, row))
        {
            return Stale(row);
        }

        var now = s.Clock.GetUtcNow();
        var result = ContractLifecycle.Apply(row.State(), action, member.PartyId, member.IsVendor, member.Active, now);
        if (result.Error != TransitionError.None)
        {
            return Refused(row, result);
        }

        var changes = new List<Change>();
        if (result.Activated && await unit.GetActiveAsync(ct) is { } previous)
        {
            var superseded = previous.With(ContractLifecycle.Supersede(previous.State(), now), now);
            await unit.SaveAsync(superseded, previous.Revision, ct);
            changes.Add(Changed(superseded, member.Partnership));
        }

        var saved = row.With(result.State, now);
        await unit.SaveAsync(saved, row.Revision, ct);
        changes.Add(Changed(saved, member.Partnership));
        await unit.AppendChangesAsync(changes, now, ct);
        await unit.CommitAsync(ct);
        return WithETag(saved, s.Http);
    }

    private static Task<Member?> Membership(string partnershipId, ClaimsPrincipal user, ContractServices s, CancellationToken ct) =>
        PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct);

    private static async Task<(ContractTerms Terms, List<(string OwnerId, string TypeKey)> Refs, ValidationErrors Errors)> ValidateAsync(
        ContractRequest request, string vendorId, ContractsUnit unit, SignalTypesData typesData, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var terms = request.ToTerms(errors);
        var rows = await typesData.ForVendorAsync(unit.Connection, unit.Transaction, vendorId, ct);
        // A vendor's own x- type and a built-in type never share a key (built-in keys have no x- prefix).
        var types = rows.ToDictionary(r => r.TypeKey, r => r.ToSignalType(), StringComparer.Ordinal);
        if (errors.IsValid)
        {
            foreach (var (field, messages) in ContractRules.Validate(terms, types).ToDictionary())
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        var owners = rows.ToDictionary(r => r.TypeKey, r => r.OwnerId, StringComparer.Ordinal);
        var refs = ContractRules.ReferencedTypes(terms).Where(owners.ContainsKey).Select(k => (owners[k], k)).ToList();
        return (terms, refs, errors);
    }

    private static Change Changed(ContractRow row, PartnershipRow partnership) =>
        new(ContractEntity, "upsert", $"{row.PartnershipId}/{row.Version}", partnership.VendorId, partnership.Id)
        {
            Data = System.Text.Json.JsonSerializer.Serialize(row.ToResponse(), ApiJson.Web),
        };

    private static bool Matches(string ifMatch, ContractRow row) =>
        ifMatch.Split(',', StringSplitOptions.TrimEntries).Any(tag => tag == "*" || tag == row.ETag());

    private static Ok<ContractResponse> WithETag(ContractRow row, HttpContext http)
    {
        http.Response.Headers.ETag = row.ETag();
        return TypedResults.Ok(row.ToResponse());
    }

    private static ProblemHttpResult PartnershipNotFound(string partnershipId) => Problems.NotFound($"No partnership '{partnershipId}'.");

    private static ProblemHttpResult Stale(ContractRow row) => Problems.Problem(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed,
        "Precondition failed", $"Version {row.Version} changed since you read it; its ETag is now {row.ETag()}. Read it again.");

    private static ProblemHttpResult Refused(ContractRow row, TransitionResult result) => result.Error == TransitionError.PartnershipNotActive
        ? Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.PartnershipNotActive, "Partnership not active",
            "A contract can be proposed or accepted only while the partnership is active.")
        : Problems.Problem(StatusCodes.Status409Conflict, ProblemTypes.InvalidContractTransition, "Invalid contract transition",
            $"Version {row.Version} is {row.Status}: {result.Reason}.", new Dictionary<string, object?> { ["currentStatus"] = row.Status });
}
