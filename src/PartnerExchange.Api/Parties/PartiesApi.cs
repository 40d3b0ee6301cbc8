using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Parties;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Validation;

namespace PartnerExchange.Api.Parties;

/// <summary>Parties and their OAuth2 clients, managed by the operator.</summary>
public static class PartiesApi
{
    public static IEndpointRouteBuilder MapParties(this IEndpointRouteBuilder app)
    {
        var group = app.NewVersionedApi("Parties").MapGroup("/v{version:apiVersion}/parties")
            .HasApiVersion(1.0).WithTags("Parties").RequireAuthorization();

        group.MapPost("/", CreateParty).RequireAuthorization(Scopes.Admin);
        group.MapGet("/", ListParties).RequireAuthorization(Scopes.Admin);
        group.MapGet("/{id}", GetParty);
        group.MapPost("/{id}/clients", CreateClient).RequireAuthorization(Scopes.Admin);
        group.MapGet("/{id}/clients", ListClients).RequireAuthorization(Scopes.Admin);
        group.MapPatch("/{id}/clients/{clientId}", UpdateClient).RequireAuthorization(Scopes.Admin);
        group.MapDelete("/{id}/clients/{clientId}", DeleteClient).RequireAuthorization(Scopes.Admin);
        return app;
    }

    /// <summary>Creates a party (operator).</summary>
    public static async Task<Results<Created<PartyResponse>, ValidationProblem, ProblemHttpResult>> CreateParty(
        CreatePartyRequest request, PartiesData parties, TimeProvider clock, CancellationToken ct)
    {
        var errors = new ValidationErrors()
            .Require(Slug.IsValid(request.Id), "id", "id must be 3–64 lower-case letters, digits and single dashes, starting and ending with a letter or digit.")
            .Require(PartyKind.IsValid(request.Kind), "kind", "kind must be 'vendor' or 'partner'.")
            .Require(request.Name is { Length: >= 1 and <= 200 } && !string.IsNullOrWhiteSpace(request.Name), "name", "name is required (1–200 characters).");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var party = new PartyRow(request.Id!, request.Kind!, request.Name!.Trim(), clock.GetUtcNow());
        if (!await parties.TryInsertAsync(party, ct))
        {
            return Problems.Conflict($"A party with id '{party.Id}' already exists.");
        }

        return TypedResults.Created($"/v1/parties/{party.Id}", party.ToResponse());
    }

    /// <summary>Lists every party (operator), ordered by id.</summary>
    public static async Task<Results<Ok<Page<PartyResponse>>, ValidationProblem>> ListParties(
        PartiesData parties, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var rows = await parties.ListAsync(page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>Reads a party: the operator reads any, a party only itself.</summary>
    public static async Task<Results<Ok<PartyResponse>, ProblemHttpResult>> GetParty(
        string id, ClaimsPrincipal user, PartiesData parties, CancellationToken ct)
    {
        var caller = Caller.From(user);
        var party = caller.IsOperator || caller.Is(id) ? await parties.GetAsync(id, ct) : null;
        return party is null ? Problems.NotFound($"No party '{id}'.") : TypedResults.Ok(party.ToResponse());
    }

    /// <summary>Creates an OAuth2 client for a party (operator). A client secret is shown once, in this response.</summary>
    public static async Task<Results<Created<CreatedClientResponse>, ValidationProblem, ProblemHttpResult>> CreateClient(
        string id, CreateClientRequest request, PartiesData parties, ClientsData clients, TimeProvider clock, CancellationToken ct)
    {
        var party = await parties.GetAsync(id, ct);
        if (party is null)
        {
            return Problems.NotFound($"No party '{id}'.");
        }

        var errors = new ValidationErrors();
        var authMethod = request.AuthMethod ?? ClientAuthMethod.ClientSecret;
        errors.Require(request.DisplayName is { Length: >= 1 and <= 200 } && !string.IsNullOrWhiteSpace(request.DisplayName),
            "displayName", "displayName is required (1–200 characters).");
        ValidateScopes(request.Scopes, party.Kind, errors);
        errors.Require(authMethod is ClientAuthMethod.ClientSecret or ClientAuthMethod.PrivateKeyJwt,
            "authMethod", "authMethod must be 'client_secret' or 'private_key_jwt'.");
        var jwks = authMethod == ClientAuthMethod.PrivateKeyJwt ? ValidateJwks(request.Jwks, errors) : null;
        errors.Require(authMethod == ClientAuthMethod.PrivateKeyJwt || request.Jwks is null,
            "jwks", "jwks is only accepted with authMethod 'private_key_jwt'.");
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        var secret = authMethod == ClientAuthMethod.ClientSecret ? ClientSecrets.NewSecret() : null;
        var client = new ClientRow(
            ClientSecrets.NewClientId(), party.Id, party.Kind, request.DisplayName!.Trim(), Scopes.Format(request.Scopes!.Distinct(StringComparer.Ordinal)),
            authMethod, secret is null ? null : ClientSecrets.Hash(secret), jwks, ClientStatus.Active, clock.GetUtcNow());
        await clients.InsertAsync(client, ct);
        return TypedResults.Created($"/v1/parties/{party.Id}/clients/{client.ClientId}", new CreatedClientResponse(client.ToResponse(), secret));
    }

    /// <summary>Lists a party's clients (operator). Secrets are never listed.</summary>
    public static async Task<Results<Ok<Page<ClientResponse>>, ValidationProblem, ProblemHttpResult>> ListClients(
        string id, PartiesData parties, ClientsData clients, int? limit, string? cursor, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(limit, cursor, errors);
        if (!errors.IsValid)
        {
            return Problems.Validation(errors);
        }

        if (await parties.GetAsync(id, ct) is null)
        {
            return Problems.NotFound($"No party '{id}'.");
        }

        var rows = await clients.ListByPartyAsync(id, page.After, page.FetchLimit, ct);
        return TypedResults.Ok(page.ToPage(rows, r => r.ClientId, r => r.ToResponse()));
    }

    /// <summary>Enables or disables a client (operator).</summary>
    public static async Task<Results<Ok<ClientResponse>, ValidationProblem, ProblemHttpResult>> UpdateClient(
        string id, string clientId, UpdateClientRequest request, ClientsData clients, CancellationToken ct)
    {
        if (request.Status is not (ClientStatus.Active or ClientStatus.Disabled))
        {
            return Problems.Validation("status", "status must be 'active' or 'disabled'.");
        }

        if (!await clients.SetStatusAsync(id, clientId, request.Status, ct) || await clients.GetAsync(clientId, ct) is not { } client)
        {
            return Problems.NotFound($"No client '{clientId}' of party '{id}'.");
        }

        return TypedResults.Ok(client.ToResponse());
    }

    /// <summary>Deletes a client (operator); its live tokens stop working within 60 seconds.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteClient(
        string id, string clientId, ClientsData clients, CancellationToken ct) =>
        await clients.DeleteAsync(id, clientId, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No client '{clientId}' of party '{id}'.");

    private static void ValidateScopes(IReadOnlyList<string>? scopes, string partyKind, ValidationErrors errors)
    {
        if (scopes is null || scopes.Count == 0)
        {
            errors.Add("scopes", "scopes must name at least one scope.");
            return;
        }

        var allowed = Scopes.AllowedFor(partyKind);
        foreach (var scope in scopes.Where(s => !allowed.Contains(s)).Distinct(StringComparer.Ordinal))
        {
            errors.Add("scopes", Scopes.All.Contains(scope)
                ? $"'{scope}' cannot be granted to a {partyKind}."
                : $"'{scope}' is not a scope of this API.");
        }
    }

    /// <summary>A registered JWKS must hold at least one public RSA or EC signing key and no private key material.</summary>
    private static string? ValidateJwks(JsonElement? jwks, ValidationErrors errors)
    {
        if (jwks is not { ValueKind: JsonValueKind.Object } element)
        {
            errors.Add("jwks", "jwks (a JSON Web Key Set object) is required with authMethod 'private_key_jwt'.");
            return null;
        }

        var text = element.GetRawText();
        try
        {
            var set = new JsonWebKeySet(text);
            if (set.Keys.Any(k => k.HasPrivateKey || !string.IsNullOrEmpty(k.K)))
            {
                errors.Add("jwks", "jwks must contain only public keys.");
            }
            else if (set.GetSigningKeys().Count == 0)
            {
                errors.Add("jwks", "jwks must contain at least one RSA or EC public signing key.");
            }
        }
        catch (Exception e) when (e is ArgumentException or JsonException)
        {
            errors.Add("jwks", "jwks is not a valid JSON Web Key Set.");
        }

        return text;
    }
}
