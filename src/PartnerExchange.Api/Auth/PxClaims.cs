namespace PartnerExchange.Api.Auth;

/// <summary>Claim names carried by access tokens.</summary>
public static class PxClaims
{
    public const string PartyId = "party_id";
    public const string PartyKind = "party_kind";
    public const string ClientId = "client_id";
    public const string Scope = "scope";
    public const string Scopes = "scopes";
}
