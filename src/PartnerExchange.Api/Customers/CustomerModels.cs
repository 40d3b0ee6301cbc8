using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Links;
using PartnerExchange.Domain.Validation;
using PartnerExchange.Api.Infrastructure;

namespace PartnerExchange.Api.Customers;

/// <summary>A customer's details, as the vendor keeps them.</summary>
/// <param name="Name">Account name, 1–200 characters.</param>
/// <param name="Domain">Primary web domain (lower-case host name, e.g. <c>contoso.com</c>).</param>
/// <param name="Segment">Vendor-defined segment, e.g. <c>enterprise</c>.</param>
/// <param name="Region">Vendor-defined region, e.g. <c>emea</c>.</param>
public sealed record CustomerRequest(string? Name, string? Domain, string? Segment, string? Region);

/// <summary>One customer of a batch.</summary>
/// <param name="Id">The vendor's customer id (letters, digits, <c>.</c> <c>_</c> <c>:</c> <c>-</c>; 1–100).</param>
/// <param name="Name">Account name.</param>
/// <param name="Domain">Primary web domain.</param>
/// <param name="Segment">Segment.</param>
/// <param name="Region">Region.</param>
public sealed record CustomerBatchItem(string? Id, string? Name, string? Domain, string? Segment, string? Region);

/// <summary>Up to 1,000 customers to create or update.</summary>
/// <param name="Customers">The customers.</param>
public sealed record CustomerBatchRequest(IReadOnlyList<CustomerBatchItem>? Customers);

/// <summary>A customer of a vendor.</summary>
/// <param name="VendorId">The vendor whose customer this is.</param>
/// <param name="Id">The vendor's customer id.</param>
/// <param name="Name">Account name.</param>
/// <param name="Domain">Primary web domain.</param>
/// <param name="Segment">Segment.</param>
/// <param name="Region">Region.</param>
/// <param name="CreatedAt">When the customer was first stored.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record CustomerResponse(string VendorId, string Id, string Name, string? Domain, string? Segment, string? Region, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CustomerResponse From(CustomerRow row) => new(row.VendorId, row.CustomerId, row.Name, row.Domain, row.Segment, row.Region, row.CreatedAt, row.UpdatedAt);
}

/// <summary>The outcome of one item of a batch.</summary>
/// <param name="Index">Position of the item in the request.</param>
/// <param name="Id">The item's id.</param>
/// <param name="Status"><c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>rejected</c>.</param>
/// <param name="Errors">Why it was rejected, by field.</param>
public sealed record BatchItemResult(int Index, string? Id, string Status, IDictionary<string, string[]>? Errors);

/// <summary>The outcome of a batch.</summary>
/// <param name="Accepted">Items stored (created, updated or unchanged).</param>
/// <param name="Rejected">Items refused.</param>
/// <param name="Results">One result per item, in request order.</param>
public sealed record BatchResponse(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results) : Infrastructure.ICountedResult
{
    int Infrastructure.ICountedResult.RecordCount => Accepted;
}

/// <summary>A link to create: the vendor assigns by <c>customerId</c>; a partner claims by <c>customerId</c> or <c>domain</c>.</summary>
/// <param name="CustomerId">The vendor's customer id.</param>
/// <param name="Domain">For a partner's claim: the customer's web domain. The answer never reveals whether it matches a customer.</param>
/// <param name="PartnerAccountRef">The partner's own id for the account (required for a partner's claim), 1–100 characters.</param>
public sealed record LinkRequest(string? CustomerId, string? Domain, string? PartnerAccountRef);

/// <summary>A customer link of a partnership (account mapping).</summary>
/// <param name="Id">The link's id.</param>
/// <param name="PartnershipId">The partnership.</param>
/// <param name="VendorId">The partnership's vendor.</param>
/// <param name="CustomerId">The linked customer; hidden from the partner for a claim by domain until approved.</param>
/// <param name="PartnerAccountRef">The partner's own account id.</param>
/// <param name="ClaimedDomain">The domain a partner claimed by.</param>
/// <param name="Status"><c>pending</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="RequestedBy"><c>vendor</c> (assigned) or <c>partner</c> (claimed).</param>
/// <param name="CreatedAt">When the link was requested.</param>
/// <param name="DecidedAt">When the vendor approved or rejected it.</param>
public sealed record LinkResponse(
    string Id, string PartnershipId, string VendorId, string? CustomerId, string? PartnerAccountRef, string? ClaimedDomain, string Status, string RequestedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    /// <summary>The vendor sees every link with its match; the partner does not learn the match of its claim by domain before approval.</summary>
    public static LinkResponse From(LinkRow row, bool vendorView) => new(
        row.Id, row.PartnershipId, row.VendorId,
        vendorView || row.Status == LinkStatus.Approved || row.ClaimedDomain is null ? row.CustomerId : null,
        row.PartnerAccountRef, row.ClaimedDomain, row.Status, row.RequestedBy, row.CreatedAt, row.DecidedAt);

    public static string Json(LinkRow row) => JsonSerializer.Serialize(From(row, vendorView: true), ApiJson.Web);
}

public static partial class CustomerRules
{
    public static bool IsCustomerId(string? id) => id is not null && CustomerIdRegex().IsMatch(id);

    public static bool IsDomain(string? domain) => domain is not null && domain.Length <= 253 && DomainRegex().IsMatch(domain);

    public static void Validate(string? name, string? domain, string? segment, string? region, ValidationErrors errors, string prefix = "")
    {
        errors.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= 200, prefix + "name", "name is required (1–200 characters).");
        errors.Require(domain is null || IsDomain(domain), prefix + "domain", "domain must be a lower-case host name such as contoso.com.");
        errors.Require(segment is null || segment.Length is >= 1 and <= 64, prefix + "segment", "segment must be 1–64 characters.");
        errors.Require(region is null || region.Length is >= 1 and <= 64, prefix + "region", "region must be 1–64 characters.");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomerIdRegex();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainRegex();
}
