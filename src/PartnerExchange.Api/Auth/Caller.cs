using System.Security.Claims;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Auth;

/// <summary>Who is calling: the party (none for the operator), its kind, the client and the granted scopes.</summary>
public sealed record Caller(string? PartyId, string? PartyKind, string ClientId, IReadOnlySet<string> Scopes)
{
    public bool IsOperator => Scopes.Contains(Domain.Auth.Scopes.Admin);

    public bool Is(string partyId) => PartyId is not null && string.Equals(PartyId, partyId, StringComparison.Ordinal);

    public static Caller From(ClaimsPrincipal user)
    {
        var scopes = user.FindAll(PxClaims.Scope).Concat(user.FindAll(PxClaims.Scopes))
            .SelectMany(c => Domain.Auth.Scopes.Parse(c.Value))
            .ToHashSet(StringComparer.Ordinal);
        return new Caller(
            user.FindFirstValue(PxClaims.PartyId),
            user.FindFirstValue(PxClaims.PartyKind),
            user.FindFirstValue(PxClaims.ClientId) ?? user.FindFirstValue("azp") ?? user.FindFirstValue("sub") ?? "",
            scopes);
    }
}
