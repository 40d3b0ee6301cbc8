using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Data.Compliance;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Api.Scoring;

/// <summary>What the compliance endpoint needs.</summary>
public sealed record ComplianceServices(PartnershipsData Partnerships, ContractsData Contracts, LinksData Links, ComplianceData Compliance, TimeProvider Clock);

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
public sealed record ComplianceResponse(
    string PartnershipId, int ContractVersion, DateTimeOffset AsOf, double Compliance, double MinimumCompliance, string Mode, bool Met,
    IReadOnlyList<ObligationComplianceResponse> Obligations);

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
        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is null)
        {
            return Problems.NotFound($"No partnership '{partnershipId}'.");
        }

        if (await s.Contracts.GetActiveAsync(partnershipId, ct) is not { } contract)
        {
            return Problems.NotFound($"Partnership '{partnershipId}' has no active contract, so nothing is owed or measured.");
        }

        var at = asOf ?? s.Clock.GetUtcNow();
        var terms = contract.Terms();
        var approved = (await s.Links.ApprovedAsync(partnershipId, ct))
            .Where(l => l.CustomerId is not null && (l.DecidedAt ?? l.CreatedAt) <= at).Select(l => l.CustomerId!).Distinct().ToList();
        var latest = await s.Compliance.LatestByCustomerAsync(partnershipId, at, ct);
        var longest = terms.Obligations.Select(o => o.FreshnessDays).DefaultIfEmpty(0).Max();
        var submissions = await s.Compliance.SubmissionsAsync(partnershipId, at.AddDays(-longest), at, ct);

        var activity = terms.Obligations.ToDictionary(o => o.SignalType, o =>
        {
            var fromDay = ComplianceData.Day(at.AddDays(-o.FreshnessDays));
            var window = submissions.Where(d => d.TypeKey == o.SignalType && string.CompareOrdinal(d.Day, fromDay) >= 0).ToList();
            return new ObligationActivity(o.SignalType,
                latest.Where(l => l.TypeKey == o.SignalType).ToDictionary(l => l.CustomerId, l => l.Latest),
                window.Sum(d => d.Submitted), window.Sum(d => d.Accepted));
        });
        var result = Compliance.Compute(terms.Obligations, approved, activity, at);

        return TypedResults.Ok(new ComplianceResponse(partnershipId, contract.Version, at, result.Compliance, terms.Reciprocity.MinimumCompliance,
            terms.Reciprocity.Mode, result.Compliance >= terms.Reciprocity.MinimumCompliance,
            result.Obligations.Select(o => new ObligationComplianceResponse(o.SignalType, o.FreshnessDays, o.Timeliness, o.Validity, o.Score, o.LateCustomers)).ToList()));
    }
}
