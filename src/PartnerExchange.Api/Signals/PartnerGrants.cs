using PartnerExchange.Api.Contracts;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Exchange;
using PartnerExchange.Domain.Parties;

namespace PartnerExchange.Api.Signals;

/// <summary>Loads what each of a partner's active partnerships currently lets it see (DESIGN §3).</summary>
public sealed class PartnerGrants(PartnershipsData partnerships, ContractsData contracts, LinksData links, Scoring.Reciprocity reciprocity, TimeProvider clock)
{
    /// <summary>The grants of the partner's active partnerships, by vendor (a vendor and a partner have one partnership).</summary>
    public async Task<IReadOnlyDictionary<string, PartnerGrant>> ForPartnerAsync(string partnerId, CancellationToken ct)
    {
        var grants = new Dictionary<string, PartnerGrant>(StringComparer.Ordinal);
        var after = "";
        while (true)
        {
            var page = await partnerships.ListAsync(partnerId, after, 1000, ct);
            foreach (var partnership in page.Where(p => p.PartnerId == partnerId && p.Status == PartnershipStatus.Active))
            {
                var contract = await contracts.GetActiveAsync(partnership.Id, ct);
                var approved = await links.ApprovedAsync(partnership.Id, ct);
                var grant = PartnerGrant.Create(partnership.Id, partnership.VendorId, contract?.Terms(),
                    approved.Where(l => l.CustomerId is not null).Select(l => (l.CustomerId!, l.DecidedAt ?? l.CreatedAt)));
                if (contract is not null)
                {
                    var view = await reciprocity.EvaluateAsync(partnership.VendorId, partnership.Id, contract, clock.GetUtcNow(), ct);
                    grant = grant with
                    {
                        Paused = view.Decision.Paused,
                        Compliance = view.Compliance.Compliance,
                        MinimumCompliance = contract.Terms().Reciprocity.MinimumCompliance,
                    };
                }

                grants[partnership.VendorId] = grant;
            }

            if (page.Count < 1000)
            {
                return grants;
            }

            after = page[^1].Id;
        }
    }
}
