using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.Partnerships;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Customers;

/// <summary>What every link handler needs.</summary>
public sealed record LinkServices(PartnershipsData Partnerships, LinksData Links, CustomersData Customers, TimeProvider Clock);

/// <summary>
/// Account mapping: which customers a partnership serves. The vendor assigns (approved at once); a
/// partner claims by customer id or by domain (pending) and the vendor approves or rejects.
/// </summary>
public static class LinksApi
{
    public static IEndpointRouteBuilder MapCustomerLinks(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("CustomerLinks").MapGroup("/v{version:apiVersion}/partnerships/{partnershipId}/customers")
            .HasApiVersion(1.0).WithTags("Customer links").RequireAuthorization()
            .AddEndpointFilter<Audit.AuditFilter>();

        group.MapGet("/", ListLinks).RequireAuthorization(Scopes.ExchangeRead);
        group.MapPost("/", CreateLink).RequireAuthorization(Scopes.ExchangeWrite);
        group.MapPost("/{customerId}/approve", ApproveLink).RequireAuthorization(Scopes.ExchangeWrite);
        group.MapPost("/{customerId}/reject", RejectLink).RequireAuthorization(Scopes.ExchangeWrite);
        group.MapDelete("/{customerId}", DeleteLink).RequireAuthorization(Scopes.ExchangeWrite);
        return app;
    }

    /// <summary>Lists the partnership's links and claims. The partner does not see the match of its pending claims by domain.</summary>
    public static async Task<Results<Ok<Page<LinkResponse>>, ValidationProblem, ProblemHttpResult>> ListLinks(
        string partnershipId, int? limit, string? cursor, ClaimsPrincipal user, [AsParameters] LinkServices s, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is not { } member)
        {
            return NoPartnership(partnershipId);
        }

        var rows = await s.Links.ListAsync(partnershipId, page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id, r => LinkResponse.From(r, vendorView: !member.IsParty || member.IsVendor)));
    }

    /// <summary>
    /// The vendor assigns a customer (201, approved). A partner claims one by <c>customerId</c> or <c>domain</c> with its
    /// <c>partnerAccountRef</c> (202, pending); a claim by domain is answered the same way whether or not it matches a customer.
    /// </summary>
    public static async Task<Results<Created<LinkResponse>, Accepted<LinkResponse>, ValidationProblem, ProblemHttpResult>> CreateLink(
        string partnershipId, LinkRequest request, ClaimsPrincipal user, [AsParameters] LinkServices s, CancellationToken ct)
    {
        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is not { IsParty: true } member)
        {
            return NoPartnership(partnershipId);
        }

        var errors = new ValidationErrors();
        errors.Require(request.PartnerAccountRef is null || request.PartnerAccountRef.Length is >= 1 and <= 100, "partnerAccountRef", "partnerAccountRef must be 1–100 characters.");
        if (member.IsVendor)
        {
            errors.Require(CustomerRules.IsCustomerId(request.CustomerId), "customerId", "customerId of one of your customers is required.");
            errors.Require(request.Domain is null, "domain", "the vendor assigns by customerId.");
            if (errors.IsValid && await s.Customers.GetAsync(member.Partnership.VendorId, request.CustomerId!, ct) is null)
            {
                errors.Add("customerId", $"You have no customer '{request.CustomerId}'.");
            }
        }
        else
        {
            errors.Require((request.CustomerId is null) != (request.Domain is null), "customerId", "claim by exactly one of customerId or domain.");
            errors.Require(request.CustomerId is null || CustomerRules.IsCustomerId(request.CustomerId), "customerId", "customerId is not a valid customer id.");
            errors.Require(request.Domain is null || CustomerRules.IsDomain(request.Domain), "domain", "domain must be a lower-case host name such as contoso.com.");
            errors.Require(request.PartnerAccountRef is not null, "partnerAccountRef", "partnerAccountRef (your own id for the account) is required for a claim.");
        }

        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = s.Clock.GetUtcNow();
        var link = new LinkRow
        {
            Id = Guid.CreateVersion7(now).ToString(),
            PartnershipId = partnershipId,
            VendorId = member.Partnership.VendorId,
            CustomerId = request.CustomerId,
            PartnerAccountRef = request.PartnerAccountRef,
            ClaimedDomain = request.Domain,
            Status = member.IsVendor ? LinkStatus.Approved : LinkStatus.Pending,
            RequestedBy = member.IsVendor ? "vendor" : "partner",
            CreatedAt = now,
            DecidedAt = member.IsVendor ? now : null,
        };
        var (outcome, stored) = await s.Links.InsertAsync(link, r => Changed(r, member.Partnership, "upsert"), now, ct);
        if (outcome == LinkWrite.Duplicate)
        {
            return Problems.Conflict("This partnership already has a link or claim for that customer or partnerAccountRef.");
        }

        var location = $"/v1/partnerships/{partnershipId}/customers";
        var response = LinkResponse.From(stored, vendorView: member.IsVendor);
        return member.IsVendor ? TypedResults.Created(location, response) : TypedResults.Accepted(location, response);
    }

    /// <summary>Approves a pending claim (vendor): from now on the partner sees the customer, and may publish about it.</summary>
    public static Task<Results<Ok<LinkResponse>, ProblemHttpResult>> ApproveLink(
        string partnershipId, string customerId, ClaimsPrincipal user, [AsParameters] LinkServices s, CancellationToken ct) =>
        DecideAsync(partnershipId, customerId, LinkStatus.Approved, user, s, ct);

    /// <summary>Rejects a pending claim (vendor).</summary>
    public static Task<Results<Ok<LinkResponse>, ProblemHttpResult>> RejectLink(
        string partnershipId, string customerId, ClaimsPrincipal user, [AsParameters] LinkServices s, CancellationToken ct) =>
        DecideAsync(partnershipId, customerId, LinkStatus.Rejected, user, s, ct);

    /// <summary>Removes a customer's link or claim from the partnership (either party).</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteLink(
        string partnershipId, string customerId, ClaimsPrincipal user, [AsParameters] LinkServices s, CancellationToken ct)
    {
        if (await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct) is not { IsParty: true } member)
        {
            return NoPartnership(partnershipId);
        }

        var outcome = await s.Links.DeleteAsync(partnershipId, customerId, r => Changed(r, member.Partnership, "delete"), s.Clock.GetUtcNow(), ct);
        return outcome == LinkWrite.Done ? TypedResults.NoContent() : Problems.NotFound($"No link for customer '{customerId}' in this partnership.");
    }

    private static async Task<Results<Ok<LinkResponse>, ProblemHttpResult>> DecideAsync(
        string partnershipId, string customerId, string status, ClaimsPrincipal user, LinkServices s, CancellationToken ct)
    {
        var member = await PartnershipAccess.ResolveAsync(s.Partnerships, partnershipId, Caller.From(user), ct);
        if (member is not { IsParty: true })
        {
            return NoPartnership(partnershipId);
        }

        if (!member.IsVendor)
        {
            return Problems.Forbidden("Only the vendor approves or rejects claims.");
        }

        var (outcome, row) = await s.Links.DecideAsync(partnershipId, customerId, status, r => Changed(r, member.Partnership, "upsert"), s.Clock.GetUtcNow(), ct);
        return outcome switch
        {
            LinkWrite.Done => TypedResults.Ok(LinkResponse.From(row!, vendorView: true)),
            LinkWrite.NotPending => Problems.Conflict($"The link of '{customerId}' is already {row!.Status}."),
            _ => Problems.NotFound($"No link or claim for customer '{customerId}' in this partnership."),
        };
    }

    private static ProblemHttpResult NoPartnership(string partnershipId) => Problems.NotFound($"No partnership '{partnershipId}'.");

    private static Change Changed(LinkRow row, PartnershipRow partnership, string op) =>
        new("link", op, row.Id, partnership.VendorId, partnership.Id) { CustomerId = row.CustomerId, Data = LinkResponse.Json(row) };
}
