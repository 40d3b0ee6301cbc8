using System.Globalization;
using System.Text.Json;
using PartnerExchange.Api.Customers;
using PartnerExchange.Api.Signals;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Signals;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Api.Infrastructure;

namespace PartnerExchange.Api.Demo;

/// <summary>
/// Demo exchange data: 100 customers, links for each partner (some customers shared), and a few thousand
/// signals over the last year across the lifecycle, from the vendor and from each partner's obligations.
/// Partners differ in how diligently they act (from every month to now and then), so that scores, the ranking
/// and readiness show a spread. Deterministic (a fixed random seed), valid against the built-in schemas.
/// </summary>
public sealed class DemoExchange(CustomersData customers, LinksData links, SignalsData signals)
{
    public const int HistoryDays = 365;

    /// <summary>The share of months in which each demo partner (by position) acts for a customer.</summary>
    private static readonly double[] s_diligence = [0.95, 0.8, 0.6, 0.45, 0.25];

    private static readonly string[] s_segments = ["enterprise", "mid-market", "smb"];
    private static readonly string[] s_regions = ["emea", "americas", "apac"];

    public async Task SeedAsync(string vendorId, IReadOnlyList<PartnershipRow> partnerships, DateTimeOffset now, CancellationToken ct)
    {
        var random = new Random(20261203);
        var book = Enumerable.Range(1, 100).Select(i => new CustomerRow
        {
            VendorId = vendorId,
            CustomerId = $"CUST-{i:000}",
            Name = $"Customer {i:000}",
            Domain = $"customer{i:000}.example",
            Segment = s_segments[i % 3],
            Region = s_regions[i / 3 % 3],
        }).ToList();
        await customers.UpsertAsync(book, c => new Change("customer", "upsert", $"{vendorId}/{c.CustomerId}", vendorId, null)
        {
            CustomerId = c.CustomerId,
            Data = JsonSerializer.Serialize(CustomerResponse.From(c), ApiJson.Web),
        }, now, ct);

        // Each partner serves 25 customers; neighbours overlap, so some customers are shared.
        var served = new Dictionary<string, List<string>>();
        for (var p = 0; p < partnerships.Count; p++)
        {
            var partnership = partnerships[p];
            served[partnership.Id] = book.Skip(p * 18).Take(25).Select(c => c.CustomerId).ToList();
            foreach (var customerId in served[partnership.Id])
            {
                var link = new LinkRow
                {
                    Id = Guid.CreateVersion7(now).ToString(), PartnershipId = partnership.Id, VendorId = vendorId, CustomerId = customerId,
                    PartnerAccountRef = $"{partnership.PartnerId}:{customerId.ToLowerInvariant()}", Status = LinkStatus.Approved, RequestedBy = "vendor",
                    CreatedAt = now.AddDays(-HistoryDays), DecidedAt = now.AddDays(-HistoryDays),
                };
                await links.InsertAsync(link, l => new Change("link", "upsert", l.Id, vendorId, partnership.Id)
                {
                    CustomerId = l.CustomerId,
                    Data = LinkResponse.Json(l),
                }, now, ct);
            }
        }

        var rows = new List<SignalRow>();
        foreach (var customer in book)
        {
            var licensed = random.Next(50, 500);
            for (var month = 11; month >= 0; month--)
            {
                var at = now.AddDays(-30 * month - random.Next(0, 5));
                rows.Add(Vendor(vendorId, customer.CustomerId, "adopt.active_users", $"au-{customer.CustomerId}-{month}", at,
                    new { activeUsers = (int)(licensed * Math.Min(1, 0.3 + (0.06 * (11 - month)) + (random.NextDouble() * 0.2))), licensedUsers = licensed }));
                rows.Add(Vendor(vendorId, customer.CustomerId, "adopt.health_score", $"hs-{customer.CustomerId}-{month}", at,
                    new { score = random.Next(35, 98), reason = "monthly health review" }));
            }

            rows.Add(Vendor(vendorId, customer.CustomerId, "adopt.feature_adoption", $"fa-{customer.CustomerId}", now.AddDays(-random.Next(1, 60)),
                new { feature = "sso", adoptionRate = Math.Round(random.NextDouble(), 2) }));
            rows.Add(Vendor(vendorId, customer.CustomerId, "land.deal_closed", $"deal-{customer.CustomerId}", now.AddDays(-random.Next(330, 360)),
                new { dealId = $"D-{customer.CustomerId}", amount = licensed * 120, currency = "EUR", product = "Suite" }));
            rows.Add(Vendor(vendorId, customer.CustomerId, "renew.renewal_due", $"rd-{customer.CustomerId}", now.AddDays(-random.Next(1, 30)),
                new { dueDate = now.AddDays(random.Next(30, 200)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), amount = licensed * 120, currency = "EUR" }));
            rows.Add(random.NextDouble() < 0.8
                ? Vendor(vendorId, customer.CustomerId, "renew.renewed", $"rn-{customer.CustomerId}", now.AddDays(-random.Next(10, 90)), new { amount = licensed * 125, currency = "EUR", termMonths = 12 })
                : Vendor(vendorId, customer.CustomerId, "renew.churned", $"ch-{customer.CustomerId}", now.AddDays(-random.Next(10, 90)), new { reason = "budget", lostAmount = licensed * 120, currency = "EUR" }));
            if (random.NextDouble() < 0.5)
            {
                rows.Add(Vendor(vendorId, customer.CustomerId, "adopt.support_case", $"sc-{customer.CustomerId}", now.AddDays(-random.Next(1, 120)),
                    new { severity = random.Next(1, 5), status = "resolved" }));
            }
        }

        await signals.UpsertAsync(rows, Changed, now, ct);
        rows.Clear();

        for (var p = 0; p < partnerships.Count; p++)
        {
            var partnership = partnerships[p];
            var diligence = s_diligence[p % s_diligence.Length];
            foreach (var customerId in served[partnership.Id])
            {
                for (var month = 11; month >= 0; month--)
                {
                    if (random.NextDouble() > diligence)
                    {
                        continue;
                    }

                    var at = now.AddDays(-30 * month - random.Next(5, 20));
                    rows.Add(Partner(partnership, customerId, "adopt.onboarding_session", $"ob-{customerId}-{month}", at,
                        new { sessionType = month == 11 ? "kickoff" : "admin-training", attendees = random.Next(2, 15), durationMinutes = 60 }));
                }

                if (random.NextDouble() < diligence)
                {
                    rows.Add(Partner(partnership, customerId, "adopt.deployment_completed", $"dep-{customerId}", now.AddDays(-random.Next(100, 170)),
                        new { product = "Suite", seatsDeployed = random.Next(20, 400) }));
                    rows.Add(Partner(partnership, customerId, "renew.qbr_held", $"qbr-{customerId}", now.AddDays(-random.Next(5, 110)),
                        new { attendees = random.Next(3, 9), executiveSponsorPresent = random.NextDouble() < 0.6 }));
                }

                // Expansion: the partner spots an opportunity; the vendor closes the upsell one to three months later.
                if (random.NextDouble() < diligence * 0.5)
                {
                    var spotted = now.AddDays(-random.Next(120, 300));
                    var amount = random.Next(5, 60) * 1000;
                    rows.Add(Partner(partnership, customerId, "expand.opportunity_identified", $"opp-{customerId}", spotted,
                        new { opportunityId = $"O-{partnership.PartnerId}-{customerId}", amount, currency = "EUR" }));
                    rows.Add(Vendor(vendorId, customerId, "expand.upsell_closed", $"up-{partnership.PartnerId}-{customerId}", spotted.AddDays(random.Next(30, 90)),
                        new { opportunityId = $"O-{partnership.PartnerId}-{customerId}", amount, currency = "EUR" }));
                }
            }
        }

        await signals.UpsertAsync(rows, Changed, now, ct);
    }

    private static SignalRow Vendor(string vendorId, string customerId, string type, string externalId, DateTimeOffset at, object payload) =>
        Row(vendorId, null, vendorId, PartyKind.Vendor, customerId, type, externalId, at, payload);

    private static SignalRow Partner(PartnershipRow partnership, string customerId, string type, string externalId, DateTimeOffset at, object payload) =>
        Row(partnership.VendorId, partnership.Id, partnership.PartnerId, PartyKind.Partner, customerId, type, $"{partnership.PartnerId}-{externalId}", at, payload);

    private static SignalRow Row(string vendorId, string? partnershipId, string publisherId, string publisherKind, string customerId, string type, string externalId, DateTimeOffset at, object payload)
    {
        var compact = JsonSerializer.Serialize(payload, ApiJson.Web);
        return new SignalRow
        {
            Id = Guid.CreateVersion7(at).ToString(), VendorId = vendorId, PartnershipId = partnershipId, PublisherId = publisherId, PublisherKind = publisherKind,
            ExternalId = externalId, TypeKey = type, CustomerId = customerId, OccurredAt = at, Payload = compact,
            ContentHash = PublishContext.ContentHash(type, customerId, partnershipId, at, compact),
        };
    }

    private static Change Changed(SignalRow row) => SignalsApi.Changed(row);
}
