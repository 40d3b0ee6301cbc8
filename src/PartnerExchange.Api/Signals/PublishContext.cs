using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.SignalTypes;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Signals;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Signals;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Signals;

/// <summary>
/// Turns publish inputs into signal rows, checking every publishing rule (DESIGN §4, §5). Reference data
/// (types, customers, partnerships, contracts, links) is loaded once per request and reused per item.
/// </summary>
public sealed class PublishContext(
    string publisherId,
    string publisherKind,
    SignalTypesData types,
    CustomersData customers,
    PartnershipsData partnerships,
    ContractsData contracts,
    LinksData links,
    DateTimeOffset now)
{
    private static readonly TimeSpan s_futureTolerance = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, IReadOnlyDictionary<string, SignalType>> _typesByVendor = new(StringComparer.Ordinal);
    private readonly Dictionary<(string VendorId, string TypeKey), CompiledSchema> _schemas = [];
    private readonly Dictionary<string, bool> _vendorCustomers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PartnerScope?> _scopes = new(StringComparer.Ordinal);
    private readonly List<(CompiledSchema Schema, JsonElement Payload, ValidationErrors Errors)> _payloadChecks = [];

    private sealed record PartnerScope(string VendorId, IReadOnlySet<string> Obligations, IReadOnlySet<string> Customers, IReadOnlyDictionary<string, string> CustomerByRef);

    /// <summary>
    /// The signal row for one input, or null with every reason in <paramref name="errors"/> but one: its payload is
    /// checked against its type's schema by <see cref="ValidatePayloads"/>, which may add to <paramref name="errors"/>.
    /// </summary>
    public async Task<SignalRow?> ResolveAsync(SignalInput input, ValidationErrors errors, CancellationToken ct)
    {
        errors.Require(input.ExternalId is { Length: >= 1 and <= 200 }, "externalId", "externalId is required (1–200 characters).");
        errors.Require(input.OccurredAt is not null, "occurredAt", "occurredAt is required.");
        errors.Require(input.OccurredAt is null || input.OccurredAt <= now + s_futureTolerance, "occurredAt", "occurredAt may be at most 5 minutes in the future.");
        errors.Require(input.Payload is { ValueKind: JsonValueKind.Object }, "payload", "payload (a JSON object) is required.");

        string vendorId;
        string? partnershipId = null;
        string? customerId;
        if (publisherKind == PartyKind.Vendor)
        {
            vendorId = publisherId;
            errors.Require(input.PartnerAccountRef is null, "partnerAccountRef", "the vendor names customers by customerId.");
            customerId = input.CustomerId;
            if (customerId is null)
            {
                errors.Add("customerId", "customerId is required.");
            }
            else if (!await IsVendorCustomerAsync(customerId, ct))
            {
                errors.Add("customerId", $"You have no customer '{customerId}'.");
            }
        }
        else
        {
            var scope = input.PartnershipId is null ? null : await PartnerScopeAsync(input.PartnershipId, ct);
            if (scope is null)
            {
                errors.Add("partnershipId", input.PartnershipId is null
                    ? "partnershipId is required for a partner."
                    : $"'{input.PartnershipId}' is not one of your active partnerships.");
                return null;
            }

            vendorId = scope.VendorId;
            partnershipId = input.PartnershipId;
            customerId = ResolvePartnerCustomer(input, scope, errors);
            if (input.Type is not null && !scope.Obligations.Contains(input.Type))
            {
                errors.Add("type", scope.Obligations.Count == 0
                    ? "the partnership has no active contract, so you may publish nothing in it."
                    : $"'{input.Type}' is not an obligation of the active contract (you may publish: {string.Join(", ", scope.Obligations.Order())}).");
            }
        }

        var type = input.Type is null ? null : (await TypesAsync(vendorId, ct)).GetValueOrDefault(input.Type);
        if (type is null)
        {
            errors.Add("type", input.Type is null ? "type is required." : $"'{input.Type}' is not a signal type of this program.");
        }
        else if (publisherKind == PartyKind.Vendor ? !SignalTypeRules.VendorMayPublish(type.Publisher) : !SignalTypeRules.PartnerMayPublish(type.Publisher))
        {
            errors.Add("type", $"'{type.Key}' is published by the {type.Publisher}.");
        }
        else if (input.Payload is { ValueKind: JsonValueKind.Object } payload)
        {
            if (!_schemas.TryGetValue((vendorId, type.Key), out var compiled))
            {
                compiled = PayloadValidator.Compile(type.Schema);
                _schemas[(vendorId, type.Key)] = compiled;
            }

            _payloadChecks.Add((compiled, payload, errors));
        }

        if (!errors.IsValid)
        {
            return null;
        }

        var compact = JsonSerializer.Serialize(input.Payload!.Value);
        var occurredAt = DbTimes.Stored(input.OccurredAt!.Value); // as every database keeps it, in the feed's copy too
        return new SignalRow
        {
            Id = Guid.CreateVersion7(now).ToString(),
            VendorId = vendorId,
            PartnershipId = partnershipId,
            PublisherId = publisherId,
            PublisherKind = publisherKind,
            ExternalId = input.ExternalId!,
            TypeKey = input.Type!,
            CustomerId = customerId!,
            OccurredAt = occurredAt,
            Payload = compact,
            ContentHash = ContentHash(input.Type!, customerId!, partnershipId, occurredAt, compact),
        };
    }

    /// <summary>
    /// Validates the payloads of the inputs resolved so far against their types' schemas and adds each one's errors to
    /// that input's errors. The costliest check of a publish (about 10 µs a payload with JsonSchema.Net, most of a
    /// batch's resolving), so the payloads are validated on all cores; the errors are added afterwards, in order.
    /// </summary>
    public void ValidatePayloads()
    {
        var found = new IReadOnlyList<PayloadError>[_payloadChecks.Count];
        Parallel.For(0, _payloadChecks.Count, i => found[i] = PayloadValidator.Validate(_payloadChecks[i].Schema, _payloadChecks[i].Payload));
        for (var i = 0; i < found.Length; i++)
        {
            foreach (var error in found[i])
            {
                _payloadChecks[i].Errors.Add("payload" + error.Pointer, error.Message);
            }
        }

        _payloadChecks.Clear();
    }

    private static string? ResolvePartnerCustomer(SignalInput input, PartnerScope scope, ValidationErrors errors)
    {
        if ((input.CustomerId is null) == (input.PartnerAccountRef is null))
        {
            errors.Add("customerId", "name the customer by exactly one of customerId or partnerAccountRef.");
            return null;
        }

        if (input.CustomerId is not null)
        {
            return scope.Customers.Contains(input.CustomerId)
                ? input.CustomerId
                : Refuse(errors, "customerId", $"'{input.CustomerId}' is not a customer approved for this partnership.");
        }

        return scope.CustomerByRef.TryGetValue(input.PartnerAccountRef!, out var customerId)
            ? customerId
            : Refuse(errors, "partnerAccountRef", $"'{input.PartnerAccountRef}' is not the account reference of a customer approved for this partnership.");
    }

    private static string? Refuse(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    /// <summary>Whether the partnership is one of the publishing partner's active partnerships (after items of it were resolved).</summary>
    public bool IsOwnPartnership(string? partnershipId) => partnershipId is not null && _scopes.GetValueOrDefault(partnershipId) is not null;

    /// <summary>Loads, in a few queries, which customers of a vendor's request exist (call before resolving its items).</summary>
    public async Task PreloadVendorCustomersAsync(IEnumerable<string?> customerIds, CancellationToken ct)
    {
        var ids = customerIds.OfType<string>().Where(id => !_vendorCustomers.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        var existing = await customers.ExistingAsync(publisherId, ids, ct);
        foreach (var id in ids)
        {
            _vendorCustomers[id] = existing.Contains(id);
        }
    }

    private async Task<bool> IsVendorCustomerAsync(string customerId, CancellationToken ct)
    {
        if (!_vendorCustomers.TryGetValue(customerId, out var exists))
        {
            exists = await customers.GetAsync(publisherId, customerId, ct) is not null;
            _vendorCustomers[customerId] = exists;
        }

        return exists;
    }

    private async Task<PartnerScope?> PartnerScopeAsync(string partnershipId, CancellationToken ct)
    {
        if (_scopes.TryGetValue(partnershipId, out var cached))
        {
            return cached;
        }

        PartnerScope? scope = null;
        if (await partnerships.GetAsync(partnershipId, ct) is { Status: PartnershipStatus.Active } partnership && partnership.PartnerId == publisherId)
        {
            var contract = await contracts.GetActiveAsync(partnershipId, ct);
            var approved = (await links.ApprovedAsync(partnershipId, ct)).Where(l => l.CustomerId is not null).ToList();
            scope = new PartnerScope(
                partnership.VendorId,
                (contract?.Terms().Obligations ?? []).Select(o => o.SignalType).ToHashSet(StringComparer.Ordinal),
                approved.Select(l => l.CustomerId!).ToHashSet(StringComparer.Ordinal),
                approved.Where(l => l.PartnerAccountRef is not null).ToDictionary(l => l.PartnerAccountRef!, l => l.CustomerId!, StringComparer.Ordinal));
        }

        _scopes[partnershipId] = scope;
        return scope;
    }

    private async Task<IReadOnlyDictionary<string, SignalType>> TypesAsync(string vendorId, CancellationToken ct)
    {
        if (!_typesByVendor.TryGetValue(vendorId, out var map))
        {
            map = (await types.ForVendorAsync(vendorId, ct)).ToDictionary(
                r => r.TypeKey,
                r => r.ToSignalType(),
                StringComparer.Ordinal);
            _typesByVendor[vendorId] = map;
        }

        return map;
    }

    /// <summary>What makes two publications of one record "the same": an identical hash is <c>unchanged</c>.</summary>
    public static string ContentHash(string type, string customerId, string? partnershipId, DateTimeOffset occurredAt, string compactPayload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{type}\n{customerId}\n{partnershipId}\n{occurredAt.ToUniversalTime():O}\n{compactPayload}")));
}
