using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Signals;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Exchange;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Signals;

/// <summary>What every signal handler needs.</summary>
public sealed record SignalServices(
    SignalsData Signals,
    SignalTypesData Types,
    CustomersData Customers,
    PartnershipsData Partnerships,
    ContractsData Contracts,
    LinksData Links,
    PartnerGrants Grants,
    Data.Compliance.ComplianceData Compliance,
    TimeProvider Clock,
    HttpContext Http);

/// <summary>Signals in both directions: publish, query, read and delete, each caller seeing exactly what DESIGN §3 allows.</summary>
public static class SignalsApi
{
    public const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapSignals(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Signals").MapGroup("/v{version:apiVersion}/signals")
            .HasApiVersion(1.0).WithTags("Signals").RequireAuthorization()
            .AddEndpointFilter<Audit.AuditFilter>();

        group.MapPost("/", Publish).RequireAuthorization(Scopes.ExchangeWrite).Idempotent();
        group.MapGet("/", ListSignals).RequireAuthorization(Scopes.ExchangeRead);
        group.MapGet("/{id}", GetSignal).RequireAuthorization(Scopes.ExchangeRead);
        group.MapDelete("/{id}", DeleteSignal).RequireAuthorization(Scopes.ExchangeWrite);
        return app;
    }

    /// <summary>
    /// Publishes up to 1,000 signals, upserted by (publisher, <c>externalId</c>): identical content is <c>unchanged</c>.
    /// A partner publishes only the obligation types of the partnership's active contract, about customers approved for it.
    /// With <c>atomic=true</c> nothing is stored if any item is invalid (422 listing every item's errors).
    /// </summary>
    public static async Task<Results<Ok<PublishResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        PublishRequest request, bool? atomic, ClaimsPrincipal user, [AsParameters] SignalServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        if (caller.PartyKind is not (PartyKind.Vendor or PartyKind.Partner))
        {
            return Problems.Forbidden("Only vendors and partners publish signals.");
        }

        if (request.Signals is not { Count: > 0 } items)
        {
            return Problems.Validation("signals", "signals must list at least one signal.");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Batch too large", $"A request holds at most {MaxBatch} signals.");
        }

        var now = s.Clock.GetUtcNow();
        var context = new PublishContext(caller.PartyId!, caller.PartyKind, s.Types, s.Customers, s.Partnerships, s.Contracts, s.Links, now);
        if (caller.PartyKind == PartyKind.Vendor)
        {
            await context.PreloadVendorCustomersAsync(items.Select(i => i?.CustomerId), ct);
        }

        var resolved = new (SignalRow? Row, ValidationErrors Errors)[items.Count];
        var externalIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var errors = new ValidationErrors();
            var input = items[i] ?? new SignalInput(null, null, null, null, null, null, null);
            errors.Require(input.ExternalId is null || externalIds.Add(input.ExternalId), "externalId", "the same externalId appears earlier in this request.");
            resolved[i] = (await context.ResolveAsync(input, errors, ct), errors);
        }

        context.ValidatePayloads();
        var results = new PublishResult?[items.Count];
        var valid = new List<(int Index, SignalRow Row)>();
        for (var i = 0; i < items.Count; i++)
        {
            var (row, errors) = resolved[i];
            if (row is not null && errors.IsValid)
            {
                valid.Add((i, row));
            }
            else
            {
                results[i] = new PublishResult(i, null, "rejected", errors.ToDictionary());
            }
        }

        if (caller.PartyKind == PartyKind.Partner)
        {
            await CountSubmissionsAsync(items, results, context, s, now, ct);
        }

        if (atomic == true && valid.Count < items.Count)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, ProblemTypes.BatchRejected, "Nothing was stored",
                $"{items.Count - valid.Count} of {items.Count} signals are invalid; with atomic=true nothing is stored.",
                new Dictionary<string, object?> { ["results"] = results.Where(r => r is not null).ToList() });
        }

        // The programs that received data; the response names no party, so the audit need not search it.
        Audit.AuditFilter.TouchAll(s.Http, valid.Select(v => v.Row.VendorId));
        if (valid.Count > 0)
        {
            var stored = await s.Signals.UpsertAsync(valid.Select(v => v.Row).ToList(), Changed, now, ct);
            for (var k = 0; k < valid.Count; k++)
            {
                results[valid[k].Index] = new PublishResult(valid[k].Index, stored[k].Row.Id, stored[k].Outcome.ToString().ToLowerInvariant(), null);
            }
        }

        return TypedResults.Ok(new PublishResponse(valid.Count, items.Count - valid.Count, results.Select(r => r!).ToList()));
    }

    /// <summary>
    /// Counts what a partner submitted and what was accepted, per partnership and type: the validity of its compliance.
    /// With atomic=true a rejected request stores nothing, but its items were still submitted.
    /// </summary>
    private static async Task CountSubmissionsAsync(IReadOnlyList<SignalInput> items, PublishResult?[] rejected, PublishContext context, SignalServices s, DateTimeOffset now, CancellationToken ct)
    {
        var counts = items.Select((item, i) => (Item: item, Accepted: rejected[i] is null))
            .Where(x => x.Item?.Type is not null && context.IsOwnPartnership(x.Item.PartnershipId))
            .GroupBy(x => x.Item.PartnershipId!);
        foreach (var partnership in counts)
        {
            await s.Compliance.CountAsync(partnership.Key,
                partnership.GroupBy(x => x.Item.Type!).Select(g => (g.Key, g.Count(), g.Count(x => x.Accepted))).ToList(), now, ct);
        }
    }

    /// <summary>
    /// Queries signals, ordered by id (publication order). The vendor sees its whole program; a partner sees its own
    /// signals and the vendor signals its contracts entitle it to, cut to the entitled fields. A page may hold fewer
    /// items than <c>limit</c> while <c>nextCursor</c> is set: keep following it.
    /// </summary>
    public static async Task<Results<Ok<Page<SignalResponse>>, ValidationProblem, ProblemHttpResult>> ListSignals(
        string? customerId, string? type, string? partnershipId, string? publisher, DateTimeOffset? from, DateTimeOffset? to,
        int? limit, string? cursor, ClaimsPrincipal user, [AsParameters] SignalServices s, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        errors.Require(from is null || to is null || from < to, "from", "from must be before to.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(user);
        if (caller.PartyKind == PartyKind.Vendor)
        {
            var rows = await s.Signals.ListForVendorAsync(caller.PartyId!, new SignalFilter(customerId, type, partnershipId, publisher, from, to), page.After, page.FetchLimit, ct);
            return TypedResults.Ok(page.ToPage(rows, r => r.Id, r => SignalResponse.From(r)));
        }

        // A partner's candidate rows are filtered by its grants; the partnership filter applies to the
        // partnership a signal reaches the partner through, so it is applied after the grant check.
        var grants = await s.Grants.ForPartnerAsync(caller.PartyId ?? "", ct);
        if (partnershipId is not null && grants.Values.FirstOrDefault(g => g.PartnershipId == partnershipId) is { Paused: true } paused
            && (publisher is null || publisher == paused.VendorId))
        {
            return ReciprocityNotMet(paused);
        }

        var filter = new SignalFilter(customerId, type, null, publisher, from, to);
        var visible = new List<SignalResponse>();
        var after = page.After;
        var exhausted = false;
        for (var round = 0; round < 20 && !exhausted && visible.Count < page.Limit; round++)
        {
            var candidates = await s.Signals.ListCandidatesForPartnerAsync(caller.PartyId ?? "", filter, after, page.Limit, ct);
            exhausted = candidates.Count < page.Limit;
            foreach (var row in candidates.TakeWhile(_ => visible.Count < page.Limit))
            {
                after = row.Id;
                if (PartnerView(row, caller.PartyId!, grants) is { } view && (partnershipId is null || view.PartnershipId == partnershipId))
                {
                    visible.Add(view);
                }
            }
        }

        return TypedResults.Ok(new Page<SignalResponse>(visible, exhausted && visible.Count < page.Limit ? null : Cursor(after)));
    }

    /// <summary>Reads a signal; 404 when the caller may not see it.</summary>
    public static async Task<Results<Ok<SignalResponse>, ProblemHttpResult>> GetSignal(
        string id, ClaimsPrincipal user, [AsParameters] SignalServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var row = await s.Signals.GetAsync(id, ct);
        if (row is null)
        {
            return Problems.NotFound($"No signal '{id}'.");
        }

        if (caller.PartyKind == PartyKind.Partner)
        {
            var grants = await s.Grants.ForPartnerAsync(caller.PartyId!, ct);
            if (row.PublisherKind == PartyKind.Vendor && grants.GetValueOrDefault(row.VendorId) is { Paused: true } paused
                && SignalVisibility.VendorSignal(paused, row.TypeKey, row.CustomerId, row.OccurredAt) is not null)
            {
                return ReciprocityNotMet(paused);
            }

            return PartnerView(row, caller.PartyId!, grants) is { } partnerView ? TypedResults.Ok(partnerView) : Problems.NotFound($"No signal '{id}'.");
        }

        return caller.PartyKind == PartyKind.Vendor && caller.Is(row.VendorId) ? TypedResults.Ok(SignalResponse.From(row)) : Problems.NotFound($"No signal '{id}'.");
    }

    /// <summary>Deletes a signal (its publisher only); the change feed keeps a tombstone.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSignal(
        string id, ClaimsPrincipal user, [AsParameters] SignalServices s, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var row = await s.Signals.GetAsync(id, ct);
        if (row is null || await ViewAsync(row, caller, s, ct) is null)
        {
            return Problems.NotFound($"No signal '{id}'.");
        }

        if (!caller.Is(row.PublisherId))
        {
            return Problems.Forbidden("Only the publisher deletes a signal.");
        }

        Audit.AuditFilter.Touch(s.Http, row.VendorId);
        var tombstone = new Change("signal", "delete", row.Id, row.VendorId, row.PartnershipId)
        {
            CustomerId = row.CustomerId,
            PublisherId = row.PublisherId,
            TypeKey = row.TypeKey,
            OccurredAt = row.OccurredAt,
            Data = JsonSerializer.Serialize(new { id = row.Id, externalId = row.ExternalId, type = row.TypeKey, customerId = row.CustomerId }, ApiJson.Web),
        };
        return await s.Signals.DeleteAsync(row, tombstone, s.Clock.GetUtcNow(), ct) ? TypedResults.NoContent() : Problems.NotFound($"No signal '{id}'.");
    }

    /// <summary>403 <c>reciprocity-not-met</c>: the vendor's data is paused for this partnership, with the compliance that paused it.</summary>
    public static ProblemHttpResult ReciprocityNotMet(PartnerGrant grant) => Problems.Problem(StatusCodes.Status403Forbidden, ProblemTypes.ReciprocityNotMet,
        "Reciprocity not met",
        $"Your compliance ({grant.Compliance:0.###}) has stayed below the contract's minimum ({grant.MinimumCompliance:0.###}) for longer than its grace period, " +
        "so the vendor's data is paused for this partnership. It resumes as soon as compliance recovers: publish your obligations.",
        new Dictionary<string, object?> { ["partnershipId"] = grant.PartnershipId, ["compliance"] = grant.Compliance, ["minimumCompliance"] = grant.MinimumCompliance });

    private static async Task<SignalResponse?> ViewAsync(SignalRow row, Caller caller, SignalServices s, CancellationToken ct) =>
        caller.PartyKind switch
        {
            PartyKind.Vendor => caller.Is(row.VendorId) ? SignalResponse.From(row) : null,
            PartyKind.Partner => PartnerView(row, caller.PartyId!, await s.Grants.ForPartnerAsync(caller.PartyId!, ct)),
            _ => null,
        };

    /// <summary>A partner sees its own signals whole, and vendor signals its grant entitles it to, projected; never another partner's.</summary>
    public static SignalResponse? PartnerView(SignalRow row, string partnerId, IReadOnlyDictionary<string, PartnerGrant> grants)
    {
        if (row.PublisherId == partnerId)
        {
            return SignalResponse.From(row);
        }

        if (row.PublisherKind != PartyKind.Vendor || !grants.TryGetValue(row.VendorId, out var grant) || grant.Paused
            || SignalVisibility.VendorSignal(grant, row.TypeKey, row.CustomerId, row.OccurredAt) is not { } entitlement)
        {
            return null;
        }

        var payload = JsonDocument.Parse(row.Payload).RootElement;
        return SignalResponse.From(row, SignalVisibility.Project(payload, entitlement.Fields), grant.PartnershipId);
    }

    private static string Cursor(string after) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(after));

    /// <summary>The change-log entry of a stored signal.</summary>
    public static Change Changed(SignalRow row) => new("signal", "upsert", row.Id, row.VendorId, row.PartnershipId)
    {
        CustomerId = row.CustomerId,
        PublisherId = row.PublisherId,
        TypeKey = row.TypeKey,
        OccurredAt = row.OccurredAt,
        Data = Snapshot(row),
    };

    /// <summary>
    /// The signal as <see cref="SignalResponse"/> serializes it, written directly: the stored payload is copied as
    /// it is instead of being parsed and serialized again (this runs for every signal published).
    /// </summary>
    public static string Snapshot(SignalRow row)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(row.Payload.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", row.Id);
            writer.WriteString("externalId", row.ExternalId);
            writer.WriteString("type", row.TypeKey);
            writer.WriteString("vendorId", row.VendorId);
            writer.WriteString("customerId", row.CustomerId);
            if (row.PartnershipId is null)
            {
                writer.WriteNull("partnershipId");
            }
            else
            {
                writer.WriteString("partnershipId", row.PartnershipId);
            }

            writer.WriteString("publisher", row.PublisherId);
            writer.WriteString("publisherKind", row.PublisherKind);
            writer.WriteString("occurredAt", row.OccurredAt);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(row.Payload, skipInputValidation: true);
            writer.WriteString("createdAt", row.CreatedAt);
            writer.WriteString("updatedAt", row.UpdatedAt);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
