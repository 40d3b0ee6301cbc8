using System.Text.Json;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Parties;
using PartnerExchange.Domain.Auth;
using Riok.Mapperly.Abstractions;

namespace PartnerExchange.Api.Parties;

/// <summary>A new party: a vendor or a partner organisation.</summary>
/// <param name="Id">Slug chosen by the operator: lower-case letters, digits and dashes, 3–64 characters (e.g. <c>northwind-msp</c>).</param>
/// <param name="Kind"><c>vendor</c> or <c>partner</c>.</param>
/// <param name="Name">Display name, 1–200 characters.</param>
public sealed record CreatePartyRequest(string? Id, string? Kind, string? Name);

/// <summary>A party of the program.</summary>
/// <param name="Id">The party's slug.</param>
/// <param name="Kind"><c>vendor</c> or <c>partner</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="CreatedAt">When the party was created (UTC).</param>
public sealed record PartyResponse(string Id, string Kind, string Name, DateTimeOffset CreatedAt);

/// <summary>A new OAuth2 client of a party.</summary>
/// <param name="DisplayName">What the client is (e.g. "Northwind CRM sync"), 1–200 characters.</param>
/// <param name="Scopes">Scopes the client may request; only those that fit the party's kind, never <c>admin</c>.</param>
/// <param name="AuthMethod"><c>client_secret</c> (default; basic or post) or <c>private_key_jwt</c>.</param>
/// <param name="Jwks">For <c>private_key_jwt</c>: the client's public JSON Web Key Set.</param>
public sealed record CreateClientRequest(string? DisplayName, IReadOnlyList<string>? Scopes, string? AuthMethod, JsonElement? Jwks);

/// <summary>Changes a client's status.</summary>
/// <param name="Status"><c>active</c> or <c>disabled</c>; a disabled client's live tokens stop working within 60 seconds.</param>
public sealed record UpdateClientRequest(string? Status);

/// <summary>An OAuth2 client (its secret is never shown again).</summary>
/// <param name="ClientId">The client_id to use at the token endpoint.</param>
/// <param name="PartyId">The party the client acts for.</param>
/// <param name="DisplayName">What the client is.</param>
/// <param name="Scopes">Scopes the client may request.</param>
/// <param name="AuthMethod"><c>client_secret</c> or <c>private_key_jwt</c>.</param>
/// <param name="Status"><c>active</c> or <c>disabled</c>.</param>
/// <param name="CreatedAt">When the client was created (UTC).</param>
public sealed record ClientResponse(
    string ClientId, string? PartyId, string DisplayName, IReadOnlyList<string> Scopes, string AuthMethod, string Status, DateTimeOffset CreatedAt);

/// <summary>A client just created: the only response that ever carries its secret.</summary>
/// <param name="Client">The client.</param>
/// <param name="ClientSecret">The secret, for <c>client_secret</c> clients; store it now, it is not shown again.</param>
public sealed record CreatedClientResponse(ClientResponse Client, string? ClientSecret);

[Mapper]
public static partial class PartyMapper
{
    public static partial PartyResponse ToResponse(this PartyRow row);

    [MapperIgnoreSource(nameof(ClientRow.PartyKind))]
    [MapperIgnoreSource(nameof(ClientRow.SecretHash))]
    [MapperIgnoreSource(nameof(ClientRow.Jwks))]
    public static partial ClientResponse ToResponse(this ClientRow row);

    private static IReadOnlyList<string> ParseScopes(string scopes) => Scopes.Parse(scopes);
}
