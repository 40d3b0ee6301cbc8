using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Audit;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Audit;

/// <summary>An audit record of a read or write of exchange data.</summary>
/// <param name="Id">Record id (time-ordered).</param>
/// <param name="ActorParty">The party that acted (null for the operator).</param>
/// <param name="ClientId">The client it used.</param>
/// <param name="Action">Method and route, e.g. <c>GET /v1/signals/{id}</c>.</param>
/// <param name="Resource">The path requested.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="PartnershipId">The partnership, for partnership routes.</param>
/// <param name="RecordCount">How many records were read or written.</param>
/// <param name="RequestId">The request id (also in the logs).</param>
/// <param name="OccurredAt">When.</param>
public sealed record AuditRecordResponse(
    string Id, string? ActorParty, string ClientId, string Action, string Resource, int Status, string? PartnershipId, int RecordCount, string RequestId, DateTimeOffset OccurredAt)
{
    public static AuditRecordResponse From(AuditRow r) =>
        new(r.Id, r.ActorParty, r.ClientId, r.Action, r.Resource, r.Status, r.PartnershipId, r.RecordCount, r.RequestId, r.OccurredAt);
}

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.NewVersionedApi("Audit").MapGroup("/v{version:apiVersion}/audit")
            .HasApiVersion(1.0).WithTags("Audit").RequireAuthorization(Scopes.AuditRead)
            .MapGet("/", ListAudit);
        return app;
    }

    /// <summary>
    /// Audit records, oldest first: the operator sees all; a vendor its own actions and every access to its program's
    /// data; a partner its own actions and every read of data it published. Filters: <c>from</c>, <c>to</c>, <c>actor</c>, <c>action</c>.
    /// </summary>
    public static async Task<Results<Ok<Page<AuditRecordResponse>>, ValidationProblem>> ListAudit(
        DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, int? limit, string? cursor,
        ClaimsPrincipal user, AuditData audit, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        errors.Require(from is null || to is null || from < to, "from", "from must be before to.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var caller = Caller.From(user);
        var rows = await audit.ListAsync(caller.IsOperator ? null : caller.PartyId ?? "", new AuditQuery(from, to, actor, action), page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id, AuditRecordResponse.From));
    }
}
