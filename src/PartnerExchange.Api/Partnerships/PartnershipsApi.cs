using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Parties;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;
using Riok.Mapperly.Abstractions;

namespace PartnerExchange.Api.Partnerships;

/// <summary>A new partnership between one vendor and one partner.</summary>
/// <param name="VendorId">Id of a party of kind <c>vendor</c>.</param>
/// <param name="PartnerId">Id of a party of kind <c>partner</c>.</param>
public sealed record CreatePartnershipRequest(string? VendorId, string? PartnerId);

/// <summary>Changes a partnership's status.</summary>
/// <param name="Status"><c>active</c>, <c>suspended</c> or <c>ended</c>.</param>
public sealed record UpdatePartnershipRequest(string? Status);

/// <summary>One vendor and one partner; all exchanged partner data lives inside a partnership.</summary>
/// <param name="Id">Server-assigned id.</param>
/// <param name="VendorId">The vendor.</param>
/// <param name="PartnerId">The partner.</param>
/// <param name="Status"><c>active</c>, <c>suspended</c> or <c>ended</c>.</param>
/// <param name="CreatedAt">When the partnership was created (UTC).</param>
/// <param name="UpdatedAt">When its status last changed (UTC).</param>
public sealed record PartnershipResponse(string Id, string VendorId, string PartnerId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

[Mapper]
public static partial class PartnershipMapper
{
    public static partial PartnershipResponse ToResponse(this PartnershipRow row);
}

public static class PartnershipsApi
{
    public static IEndpointRouteBuilder MapPartnerships(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Partnerships").MapGroup("/v{version:apiVersion}/partnerships")
            .HasApiVersion(1.0).WithTags("Partnerships").RequireAuthorization();

        group.MapPost("/", CreatePartnership).RequireAuthorization(Scopes.Admin);
        group.MapGet("/", ListPartnerships);
        group.MapGet("/{id}", GetPartnership);
        group.MapPatch("/{id}", UpdatePartnership).RequireAuthorization(Scopes.Admin);
        return app;
    }

    /// <summary>Creates a partnership (operator). A vendor and a partner have at most one.</summary>
    public static async Task<Results<Created<PartnershipResponse>, ValidationProblem, ProblemHttpResult>> CreatePartnership(
        CreatePartnershipRequest request, PartiesData parties, PartnershipsData partnerships, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        await RequireKind(request.VendorId, "vendorId", PartyKind.Vendor, parties, errors, ct);
        await RequireKind(request.PartnerId, "partnerId", PartyKind.Partner, parties, errors, ct);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var now = clock.GetUtcNow();
        var partnership = new PartnershipRow(Guid.CreateVersion7(now).ToString(), request.VendorId!, request.PartnerId!, PartnershipStatus.Active, now, now);
        if (!await partnerships.TryInsertAsync(partnership, ct))
        {
            return Problems.Conflict($"'{request.VendorId}' and '{request.PartnerId}' already have a partnership.");
        }

        return TypedResults.Created($"/v1/partnerships/{partnership.Id}", partnership.ToResponse());
    }

    /// <summary>Lists partnerships: the operator sees all, a party its own.</summary>
    public static async Task<Results<Ok<Page<PartnershipResponse>>, ValidationProblem>> ListPartnerships(
        ClaimsPrincipal user, PartnershipsData partnerships, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(user);
        var rows = await partnerships.ListAsync(caller.IsOperator ? null : caller.PartyId ?? "", page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>Reads a partnership; anyone outside it gets 404.</summary>
    public static async Task<Results<Ok<PartnershipResponse>, ProblemHttpResult>> GetPartnership(
        string id, ClaimsPrincipal user, PartnershipsData partnerships, CancellationToken ct)
    {
        var partnership = await partnerships.GetAsync(id, ct);
        return partnership is not null && CanSee(Caller.From(user), partnership)
            ? TypedResults.Ok(partnership.ToResponse())
            : Problems.NotFound($"No partnership '{id}'.");
    }

    /// <summary>Activates, suspends or ends a partnership (operator).</summary>
    public static async Task<Results<Ok<PartnershipResponse>, ValidationProblem, ProblemHttpResult>> UpdatePartnership(
        string id, UpdatePartnershipRequest request, PartnershipsData partnerships, TimeProvider clock, CancellationToken ct)
    {
        if (!PartnershipStatus.IsValid(request.Status))
        {
            return Problems.Validation("status", "status must be 'active', 'suspended' or 'ended'.");
        }

        if (await partnerships.GetAsync(id, ct) is not { } partnership)
        {
            return Problems.NotFound($"No partnership '{id}'.");
        }

        var now = clock.GetUtcNow();
        await partnerships.SetStatusAsync(id, request.Status!, now, ct);
        return TypedResults.Ok((partnership with { Status = request.Status!, UpdatedAt = now }).ToResponse());
    }

    private static bool CanSee(Caller caller, PartnershipRow partnership) =>
        caller.IsOperator || caller.Is(partnership.VendorId) || caller.Is(partnership.PartnerId);

    private static async Task RequireKind(string? id, string field, string kind, PartiesData parties, ValidationErrors errors, CancellationToken ct)
    {
        var party = Slug.IsValid(id) ? await parties.GetAsync(id!, ct) : null;
        if (party is null)
        {
            errors.Add(field, $"{field} must name an existing {kind}.");
        }
        else if (party.Kind != kind)
        {
            errors.Add(field, $"'{id}' is a {party.Kind}, not a {kind}.");
        }
    }
}
