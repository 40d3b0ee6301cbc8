using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PartnerExchange.Api.Auth;

/// <summary>Who the caller is, as the API sees its token.</summary>
/// <param name="PartyId">The caller's party; null for the platform operator.</param>
/// <param name="PartyKind"><c>vendor</c>, <c>partner</c>, or null for the operator.</param>
/// <param name="ClientId">The OAuth2 client that obtained the token.</param>
/// <param name="Scopes">The scopes granted to this token.</param>
public sealed record MeResponse(string? PartyId, string? PartyKind, string ClientId, IReadOnlyList<string> Scopes);

public static class MeApi
{
    public static IEndpointRouteBuilder MapMe(this IEndpointRouteBuilder app)
    {
        app.NewVersionedApi("Me").MapGroup("/v{version:apiVersion}/me")
            .HasApiVersion(1.0).WithTags("Me").RequireAuthorization()
            .MapGet("/", GetMe);
        return app;
    }

    /// <summary>Returns the caller's party, kind, client and granted scopes.</summary>
    public static Ok<MeResponse> GetMe(ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        return TypedResults.Ok(new MeResponse(caller.PartyId, caller.PartyKind, caller.ClientId, caller.Scopes.Order(StringComparer.Ordinal).ToList()));
    }
}
