using System.Text.Json;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Data.Webhooks;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Scoring;
using PartnerExchange.Domain.Webhooks;

namespace PartnerExchange.Api.Scoring;

/// <summary>
/// Raises <c>score.changed</c>: scores every program someone subscribed to the event for, compares each active
/// partnership with the last score reported, and — when the tier changes or the score moves by at least
/// <see cref="Threshold"/> points — stores the new snapshot and appends the event to the change log in one transaction.
/// Programs nobody listens to are not scored.
/// </summary>
public sealed class ScoreWatcher(WebhooksData webhooks, PartnershipsData partnerships, ScoringData data, ProgramScoring scoring, TimeProvider clock)
{
    public const double Threshold = 1.0;

    /// <summary>Checks every watched program now; returns how many score.changed events it raised.</summary>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        var vendors = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var subscription in await webhooks.EnabledSubscriptionsAsync(ct))
        {
            if (!JsonSerializer.Deserialize<string[]>(subscription.Events)!.Contains(WebhookEvents.ScoreChanged))
            {
                continue;
            }

            if (subscription.PartyKind == PartyKind.Vendor)
            {
                vendors.Add(subscription.PartyId);
            }
            else
            {
                vendors.UnionWith((await partnerships.ListAsync(subscription.PartyId, "", 1000, ct)).Select(p => p.VendorId));
            }
        }

        var raised = 0;
        var now = clock.GetUtcNow();
        foreach (var vendorId in vendors)
        {
            var model = await scoring.ModelAsync(vendorId, null, ct) ?? ScoringModel.Default;
            var previous = (await data.SnapshotsOfVendorAsync(vendorId, ct)).ToDictionary(s => s.PartnershipId, StringComparer.Ordinal);
            foreach (var scored in (await scoring.ScoreProgramAsync(vendorId, model, now, ct)).Where(p => p.Partnership.Status == PartnershipStatus.Active))
            {
                var before = previous.GetValueOrDefault(scored.Partnership.Id);
                var (score, tier) = (scored.Result.Score, scored.Result.Tier);
                var moved = before is null
                    ? score is not null
                    : before.Tier != tier || before.ModelId != model.Id || Math.Abs((score ?? 0) - (before.Score ?? 0)) >= Threshold || (score is null) != (before.Score is null);
                if (!moved)
                {
                    continue;
                }

                var snapshot = new ScoreSnapshotRow
                {
                    PartnershipId = scored.Partnership.Id, VendorId = vendorId, ModelId = model.Id, Score = score, Tier = tier, ComputedAt = now,
                };
                var change = new Change("score", "changed", scored.Partnership.Id, vendorId, scored.Partnership.Id)
                {
                    Data = JsonSerializer.Serialize(new Webhooks.ScoreChangedData(scored.Partnership.Id, vendorId, score, tier, before?.Score, before?.Tier,
                        new Webhooks.ScoreChangedModel(model.Id, model.Key, model.Version), now), ApiJson.Web),
                };
                if (await data.SaveSnapshotAsync(snapshot, before, change, ct))
                {
                    raised++;
                }
            }
        }

        return raised;
    }
}
