using System.Buffers;
using System.Text.Json;
using PartnerExchange.Domain.Contracts;

namespace PartnerExchange.Domain.Exchange;

/// <summary>
/// What one partnership lets its partner see of the vendor's data right now: the active contract's
/// entitlements and the approved customers with the time each link was approved.
/// </summary>
public sealed record PartnerGrant(
    string PartnershipId,
    string VendorId,
    IReadOnlyDictionary<string, Entitlement> Entitlements,
    IReadOnlyDictionary<string, DateTimeOffset> ApprovedCustomers)
{
    /// <summary>Whether give-to-get has paused the flow of vendor data (DESIGN §3).</summary>
    public bool Paused { get; init; }

    /// <summary>The partner's compliance when the grant was loaded (for the <c>reciprocity-not-met</c> answer).</summary>
    public double Compliance { get; init; } = 1;

    public double MinimumCompliance { get; init; }

    public static PartnerGrant Create(string partnershipId, string vendorId, ContractTerms? activeContract, IEnumerable<(string CustomerId, DateTimeOffset ApprovedAt)> approved) => new(
        partnershipId,
        vendorId,
        (activeContract?.Entitlements ?? []).ToDictionary(e => e.SignalType, StringComparer.Ordinal),
        approved.GroupBy(a => a.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(a => a.ApprovedAt), StringComparer.Ordinal));

    public bool SeesCustomer(string customerId) => ApprovedCustomers.ContainsKey(customerId);
}

/// <summary>DESIGN §3: which vendor signals a partner sees, and how much of each.</summary>
public static class SignalVisibility
{
    /// <summary>
    /// A vendor signal reaches the partner when the active contract entitles its type, the customer is
    /// approved for the partnership, and it occurred no earlier than <c>lookbackDays</c> before the approval.
    /// </summary>
    /// <returns>The entitlement that grants it, or null when the partner may not see it.</returns>
    public static Entitlement? VendorSignal(PartnerGrant grant, string typeKey, string customerId, DateTimeOffset occurredAt)
    {
        if (!grant.Entitlements.TryGetValue(typeKey, out var entitlement)
            || !grant.ApprovedCustomers.TryGetValue(customerId, out var approvedAt))
        {
            return null;
        }

        return occurredAt >= approvedAt.AddDays(-entitlement.LookbackDays) ? entitlement : null;
    }

    /// <summary>The payload cut to the entitlement's field allow-list (null: every field).</summary>
    public static JsonElement Project(JsonElement payload, IReadOnlyList<string>? fields)
    {
        if (fields is null || payload.ValueKind != JsonValueKind.Object)
        {
            return payload;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteProjected(writer, payload, fields);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement;
    }

    /// <summary>Writes the payload as <see cref="Project"/> cuts it, without building it first (the feed writes thousands).</summary>
    public static void WriteProjected(Utf8JsonWriter writer, JsonElement payload, IReadOnlyList<string>? fields)
    {
        if (fields is null || payload.ValueKind != JsonValueKind.Object)
        {
            payload.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in payload.EnumerateObject())
        {
            if (fields.Contains(property.Name))
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
