using System.Text.Json;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Compliance;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Links;
using PartnerExchange.Domain.Scoring;

namespace PartnerExchange.Api.Scoring;

/// <summary>Compliance of a partnership at a moment, and the reciprocity decision it leads to.</summary>
public sealed record ReciprocityView(ComplianceResult Compliance, ReciprocityDecision Decision);

/// <summary>
/// Computes a partnership's compliance from the data (DESIGN §6) and applies the give-to-get rule (DESIGN §3),
/// keeping what it observed (since when below, since when paused) so that the grace period is measured.
/// </summary>
public sealed class Reciprocity(LinksData links, ComplianceData compliance)
{
    /// <summary>Compliance with the contract's obligations at <paramref name="asOf"/>.</summary>
    public async Task<ComplianceResult> ComputeAsync(string partnershipId, ContractRow contract, DateTimeOffset asOf, CancellationToken ct)
    {
        var terms = contract.Terms();
        var approved = (await links.ApprovedAsync(partnershipId, ct))
            .Where(l => l.CustomerId is not null && (l.DecidedAt ?? l.CreatedAt) <= asOf).Select(l => l.CustomerId!).Distinct().ToList();
        var latest = await compliance.LatestByCustomerAsync(partnershipId, asOf, ct);
        var longest = terms.Obligations.Select(o => o.FreshnessDays).DefaultIfEmpty(0).Max();
        var submissions = await compliance.SubmissionsAsync(partnershipId, asOf.AddDays(-longest), asOf, ct);
        var activity = Compliance.Activities(terms.Obligations, latest.Select(l => (l.TypeKey, l.CustomerId, l.Latest)), submissions.Select(ToDomain).ToList(), asOf);
        return Compliance.Compute(terms.Obligations, approved, activity, asOf);
    }

    /// <summary>
    /// Evaluates the rule now and records the observation; a pause or a resumption goes to the change log in the
    /// same transaction (the outbox of the <c>reciprocity.paused</c> and <c>reciprocity.resumed</c> webhooks).
    /// </summary>
    public async Task<ReciprocityView> EvaluateAsync(string vendorId, string partnershipId, ContractRow contract, DateTimeOffset now, CancellationToken ct)
    {
        var result = await ComputeAsync(partnershipId, contract, now, ct);
        var stored = await compliance.GetStateAsync(partnershipId, ct);
        var previous = stored is null ? ReciprocityState.Met : new ReciprocityState(stored.BelowSince, stored.PausedAt);
        var terms = contract.Terms();
        var decision = ReciprocityRule.Evaluate(terms.Reciprocity, result.Compliance, previous, now);
        if (decision.State != previous)
        {
            var change = decision.JustPaused || decision.JustResumed
                ? new Change("reciprocity", decision.JustPaused ? "paused" : "resumed", partnershipId, vendorId, partnershipId)
                {
                    Data = JsonSerializer.Serialize(new Webhooks.ReciprocityEventData(partnershipId, decision.Status, result.Compliance,
                        terms.Reciprocity.MinimumCompliance, decision.State.BelowSince, decision.State.PausedAt, now), ApiJson.Web),
                }
                : null;
            await compliance.SaveStateAsync(partnershipId, stored, decision.State.BelowSince, decision.State.PausedAt, change, now, ct);
        }

        return new ReciprocityView(result, decision);
    }

    public static SubmissionCount ToDomain(SubmissionDay day) =>
        new(day.TypeKey, DateOnly.ParseExact(day.Day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day.Submitted, day.Accepted);
}
