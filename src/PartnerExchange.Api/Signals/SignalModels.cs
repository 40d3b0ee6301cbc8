using System.Text.Json;
using PartnerExchange.Data.Signals;

namespace PartnerExchange.Api.Signals;

/// <summary>One signal to publish.</summary>
/// <param name="ExternalId">The publisher's own id of the record (1–200 characters): publishing it again updates it.</param>
/// <param name="Type">The signal type key.</param>
/// <param name="CustomerId">The vendor's customer id (or give <c>partnerAccountRef</c>).</param>
/// <param name="PartnerAccountRef">For partners: your own account id from the customer link, instead of <c>customerId</c>.</param>
/// <param name="PartnershipId">For partners: the partnership the signal belongs to (required); ignored for the vendor.</param>
/// <param name="OccurredAt">When it happened; at most 5 minutes in the future.</param>
/// <param name="Payload">The record, valid against the type's JSON Schema.</param>
public sealed record SignalInput(string? ExternalId, string? Type, string? CustomerId, string? PartnerAccountRef, string? PartnershipId, DateTimeOffset? OccurredAt, JsonElement? Payload);

/// <summary>Up to 1,000 signals.</summary>
/// <param name="Signals">The signals.</param>
public sealed record PublishRequest(IReadOnlyList<SignalInput>? Signals);

/// <summary>The outcome of one signal.</summary>
/// <param name="Index">Position in the request.</param>
/// <param name="Id">The server id (absent when rejected).</param>
/// <param name="Status"><c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>rejected</c>.</param>
/// <param name="Errors">Why it was rejected, by field (payload errors as <c>payload/…</c> JSON Pointers).</param>
public sealed record PublishResult(int Index, string? Id, string Status, IDictionary<string, string[]>? Errors);

/// <summary>The outcome of a publish request.</summary>
/// <param name="Accepted">Signals stored (created, updated or unchanged).</param>
/// <param name="Rejected">Signals refused.</param>
/// <param name="Results">One result per signal, in request order.</param>
public sealed record PublishResponse(int Accepted, int Rejected, IReadOnlyList<PublishResult> Results) : Infrastructure.ICountedResult
{
    int Infrastructure.ICountedResult.RecordCount => Accepted;
}

/// <summary>A signal, as the caller may see it.</summary>
/// <param name="Id">Server id (UUIDv7).</param>
/// <param name="ExternalId">The publisher's id of the record.</param>
/// <param name="Type">Signal type key.</param>
/// <param name="VendorId">The vendor whose program it belongs to.</param>
/// <param name="CustomerId">The vendor's customer id.</param>
/// <param name="PartnershipId">The partnership (for a partner's signal, or the one a vendor signal reaches a partner through).</param>
/// <param name="Publisher">The publishing party.</param>
/// <param name="PublisherKind"><c>vendor</c> or <c>partner</c>.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Payload">The record; for a partner reading vendor data, cut to the entitlement's fields.</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record SignalResponse(
    string Id, string ExternalId, string Type, string VendorId, string CustomerId, string? PartnershipId, string Publisher, string PublisherKind,
    DateTimeOffset OccurredAt, JsonElement Payload, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static SignalResponse From(SignalRow row, JsonElement? projected = null, string? partnershipId = null) => new(
        row.Id, row.ExternalId, row.TypeKey, row.VendorId, row.CustomerId, partnershipId ?? row.PartnershipId, row.PublisherId, row.PublisherKind,
        row.OccurredAt, projected ?? JsonDocument.Parse(row.Payload).RootElement, row.CreatedAt, row.UpdatedAt);
}
