using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Api.Scoring;

/// <summary>What the compliance endpoint needs.</summary>
public sealed record ComplianceServices(PartnershipsData Partnerships, ContractsData Contracts, Reciprocity Reciprocity, TimeProvider Clock);

/// <summary>The give-to-get state now.</summary>
/// <param name="Status"><c>met</c>, <c>below</c> (within the grace period, or <c>monitor</c>) or <c>paused</c>.</param>
/// <param name="BelowSince">Since when compliance has been observed below the minimum.</param>
/// <param name="PausedAt">Since when the vendor's data is paused for the partner.</param>
public sealed record ReciprocityResponse(string Status, DateTimeOffset? BelowSince, DateTimeOffset? PausedAt);

/// <summary>One obligation's fulfilment.</summary>
/// <param name="SignalType">The obliged type.</param>
/// <param name="FreshnessDays">How recent each approved customer's signal must be.</param>
/// <param name="Timeliness">Share (0–1) of approved customers with a signal of the type within <c>freshnessDays</c>.</param>
/// <param name="Validity">Accepted ÷ submitted items of the type within <c>freshnessDays</c> (1 when nothing was submitted).</param>
/// <param name="Score">Timeliness × validity.</param>
/// <param name="LateCustomers">Approved customers without a recent enough signal.</param>
public sealed record ObligationComplianceResponse(string SignalType, int FreshnessDays, double Timeliness, double Validity, double Score, IReadOnlyList<string> LateCustomers);

/// <summary>The partner's compliance with the active contract's obligations.</summary>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="ContractVersion">The active contract version measured against.</param>
/// <param name="AsOf">The moment measured.</param>
/// <param name="Compliance">Mean over obligations of timeliness × validity (0–1; 1 with no obligations).</param>
/// <param name="MinimumCompliance">The contract's minimum.</param>
/// <param name="Mode"><c>enforce</c> or <c>monitor</c>.</param>
/// <param name="Met">Whether compliance is at or above the minimum.</param>
/// <param name="Obligations">Each obligation's figures.</param>
/// <param name="Reciprocity">The give-to-get state now (absent when <c>asOf</c> names another moment).</param>
public sealed record ComplianceResponse(
    string PartnershipId, int ContractVersion, DateTimeOffset AsOf, double Compliance, double MinimumCompliance, string Mode, bool Met,
    IReadOnlyList<ObligationComplianceResponse> Obligations, ReciprocityResponse? Reciprocity);

public static class ComplianceApi
{
    public static IEndpointRouteBuilder MapCompliance(this IEndpointRouteBuilder app)
    {
        app.NewVersionedApi("Compliance").MapGroup("/v{version:apiVersion}/partnerships/{partnershipId}/compliance")
            .HasApiVersion(1.0).WithTags("Scoring").RequireAuthorization(Scopes.ScoresRead)
            .MapGet("/", GetCompliance);
        return app;
    }

    /// <summary>
    /// The partner's compliance (DESIGN §6) with the active contract at <c>asOf</c> (default now): per obligation the
    /// timeliness over approved customers, the validity of what it submitted, and the customers that are late.
    /// Either party of the partnership may read it; 404 when there is no active contract.
    /// </summary>
    public static async Task<Results<Ok<ComplianceResponse>, ProblemHttpResult>> GetCompliance(
        string partnershipId, DateTimeOffset? asOf, ClaimsPrincipal user, [AsParameters] ComplianceServices s, CancellationToken ct)
    {
        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is not { } member)
        {
            return Problems.NotFound($"No partnership '{partnershipId}'.");
        }

        if (await s.Contracts.GetActiveAsync(partnershipId, ct) is not { } contract)
        {
            return Problems.NotFound($"Partnership '{partnershipId}' has no active contract, so nothing is owed or measured.");
        }

        var at = asOf ?? s.Clock.GetUtcNow();
        var terms = contract.Terms();
        ComplianceResult result;
        ReciprocityResponse? reciprocity = null;
        if (asOf is null)
        {
            var view = await s.Reciprocity.EvaluateAsync(member.Partnership.VendorId, partnershipId, contract, at, ct);
            result = view.Compliance;
            reciprocity = new ReciprocityResponse(view.Decision.Status, view.Decision.State.BelowSince, view.Decision.State.PausedAt);
        }
        else
        {
            result = await s.Reciprocity.ComputeAsync(partnershipId, contract, at, ct);
        }

        return TypedResults.Ok(new ComplianceResponse(partnershipId, contract.Version, at, result.Compliance, terms.Reciprocity.MinimumCompliance,
            terms.Reciprocity.Mode, result.Compliance >= terms.Reciprocity.MinimumCompliance,
            result.Obligations.Select(o => new ObligationComplianceResponse(o.SignalType, o.FreshnessDays, o.Timeliness, o.Validity, o.Score, o.LateCustomers)).ToList(),
            reciprocity));
    }
}
