using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Customers;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.Signals;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Links;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Exchange;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Feed;

/// <summary>One change in the feed.</summary>
/// <param name="Position">Its place in commit order.</param>
/// <param name="Op"><c>upsert</c> or <c>delete</c> (a tombstone).</param>
/// <param name="Entity"><c>signal</c>, <c>customer</c>, <c>link</c> or <c>contract</c>.</param>
/// <param name="Data">The entity as committed, as the caller may see it (for a tombstone, its identifiers).</param>
public sealed record FeedItem(long Position, string Op, string Entity, RawJson? Data);

/// <summary>A page of the feed.</summary>
/// <param name="Items">Changes in commit order.</param>
/// <param name="NextCursor">Where to continue; always set, so a reader can poll from it.</param>
/// <param name="HasMore">Whether more changes were already committed past this page.</param>
public sealed record FeedPage(IReadOnlyList<FeedItem> Items, string NextCursor, bool HasMore) : ICountedResult
{
    int ICountedResult.RecordCount => Items.Count;
}

/// <summary>
/// The change feed (DESIGN §5): everything the caller may see, in commit order, each change once. Positions
/// are handed out in commit order (see ChangeLog), so following <c>nextCursor</c> never skips a late commit.
/// </summary>
public static class FeedApi
{
    /// <summary>What the feed lists; the change log also carries entries that only raise webhooks.</summary>
    private static readonly HashSet<string> s_feedEntities = new(StringComparer.Ordinal) { "signal", "customer", "link", "contract" };

    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app)
    {
        app.NewVersionedApi("Feed").MapGroup("/v{version:apiVersion}/feed")
            .HasApiVersion(1.0).WithTags("Feed").RequireAuthorization(Scopes.ExchangeRead)
            .AddEndpointFilter<Audit.AuditFilter>()
            .MapGet("/", ReadFeed);
        return app;
    }

    /// <summary>
    /// Reads changes after <c>cursor</c> (from the beginning without one). <c>types</c> (comma-separated signal
    /// type keys) keeps only signal changes of those types. A partner's page may hold fewer than <c>limit</c>
    /// items while <c>hasMore</c> is true: keep following <c>nextCursor</c>.
    /// </summary>
    public static async Task<Results<Ok<FeedPage>, ValidationProblem>> ReadFeed(
        string? cursor, int? limit, string? types, ClaimsPrincipal user, FeedData feed, PartnerGrants grants, HttpContext http, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        var after = 0L;
        errors.Require(page.After.Length == 0 || long.TryParse(page.After, NumberStyles.None, CultureInfo.InvariantCulture, out after),
            "cursor", "cursor is not a cursor returned by this API.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var typeFilter = string.IsNullOrWhiteSpace(types) ? null : types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var caller = Caller.From(user);
        var isVendor = caller.PartyKind == PartyKind.Vendor;
        var partnerGrants = isVendor ? null : await grants.ForPartnerAsync(caller.PartyId ?? "", ct);
        // A partner's candidate rows include changes it may not see: keep scanning (a bounded number of
        // rounds) until the page is full, so a reader is not handed empty pages.
        var items = new List<FeedItem>(page.Limit);
        var subjects = new HashSet<string?>(StringComparer.Ordinal); // the parties whose data the page carries (for the audit)
        var last = after;
        var hasMore = true;
        for (var round = 0; round < (isVendor ? 1 : 10) && hasMore && items.Count < page.Limit; round++)
        {
            var rows = isVendor
                ? await feed.ListForVendorAsync(caller.PartyId!, last, page.Limit - items.Count, ct)
                : await feed.ListCandidatesForPartnerAsync(caller.PartyId ?? "", last, page.Limit - items.Count, ct);
            hasMore = rows.Count == page.Limit - items.Count;
            foreach (var row in rows)
            {
                last = row.Position;
                if (!s_feedEntities.Contains(row.Entity))
                {
                    continue; // change-log entries that only raise webhooks (reciprocity)
                }

                if (typeFilter is not null && (row.Entity != "signal" || !typeFilter.Contains(row.TypeKey ?? "")))
                {
                    continue;
                }

                RawJson? visible;
                if (isVendor)
                {
                    visible = row.Data is null ? null : new RawJson(row.Data); // the vendor sees its program's changes as committed
                }
                else
                {
                    visible = PartnerData(row, caller.PartyId!, partnerGrants!) is { } seen ? new RawJson(seen) : null;
                }

                if (isVendor || visible is not null)
                {
                    items.Add(new FeedItem(row.Position, row.Op, row.Entity, visible));
                    subjects.Add(row.VendorId); // a partner's page only: a vendor's rows do not carry it (the vendor is the caller)
                    subjects.Add(row.PublisherId);
                }
            }
        }

        Audit.AuditFilter.TouchAll(http, subjects);
        var next = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(last.ToString(CultureInfo.InvariantCulture)));
        return TypedResults.Ok(new FeedPage(items, next, hasMore));
    }

    /// <summary>
    /// What a partner may see of one change (DESIGN §3) as JSON text, or null. The snapshot is parsed only where the
    /// partner's view differs from it (a vendor signal, a claim by domain); everything else is handed out as stored.
    /// </summary>
    public static string? PartnerData(ChangeRow row, string partnerId, IReadOnlyDictionary<string, PartnerGrant> grants)
    {
        var grant = row.VendorId is null ? null : grants.GetValueOrDefault(row.VendorId);
        switch (row.Entity)
        {
            case "signal" when row.PublisherId == partnerId:
                return row.Data;
            case "signal" when row.PublisherId == row.VendorId && grant is { Paused: false } && row.CustomerId is not null && row.OccurredAt is not null:
                var entitlement = SignalVisibility.VendorSignal(grant, row.TypeKey ?? "", row.CustomerId, row.OccurredAt.Value);
                return entitlement is null || row.Data is null ? null : VendorSignalView(row.Data, grant.PartnershipId, entitlement.Fields);
            case "customer" when grant is not null && row.CustomerId is not null && grant.SeesCustomer(row.CustomerId):
                return row.Data;
            case "customer" when row.Op == "delete" && grant is not null && row.PartnershipId == grant.PartnershipId:
                return row.Data; // an erasure: the partner must erase its copies too
            case "link" when grant is not null && row.PartnershipId == grant.PartnershipId:
                return row.Data is null ? null : PartnerLink(row.Data);
            case "contract" when grant is not null && row.PartnershipId == grant.PartnershipId:
                return row.Data;
            default:
                return null;
        }
    }

    /// <summary>
    /// A vendor signal's snapshot (or tombstone) as the partner sees it: reached through its partnership, the payload
    /// cut to the entitled fields.
    /// </summary>
    private static string VendorSignalView(string snapshot, string partnershipId, IReadOnlyList<string>? fields)
    {
        using var document = JsonDocument.Parse(snapshot);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(snapshot.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var named = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "partnershipId":
                        writer.WriteString(property.Name, partnershipId);
                        named = true;
                        break;
                    case "payload":
                        writer.WritePropertyName(property.Name);
                        SignalVisibility.WriteProjected(writer, property.Value, fields);
                        break;
                    default:
                        property.WriteTo(writer);
                        break;
                }
            }

            if (!named)
            {
                writer.WriteString("partnershipId", partnershipId); // a tombstone names only the signal
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // The partner does not learn the match of its claim by domain before the vendor approves it.
    private static string PartnerLink(string link)
    {
        var view = JsonSerializer.Deserialize<LinkResponse>(link, ApiJson.Web)!;
        return view.ClaimedDomain is not null && view.Status != LinkStatus.Approved
            ? JsonSerializer.Serialize(view with { CustomerId = null }, ApiJson.Web)
            : link;
    }
}
