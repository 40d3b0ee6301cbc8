using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Tests.Auth;

public abstract class TokenEndpointTests(ApiApp app)
{
    [Fact]
    public async Task Client_secret_basic_gets_an_rs256_at_jwt_with_party_claims()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead, Scopes.ScoresRead);

        var response = await app.RequestTokenAsync(vendor.ClientId, vendor.Secret);

        Assert.False(response.IsError, response.Error);
        var token = new JsonWebToken(response.AccessToken);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("at+jwt", token.Typ);
        Assert.Contains("partnerexchange-api", token.Audiences);
        Assert.Equal(vendor.Id, token.GetClaim("party_id").Value);
        Assert.Equal("vendor", token.GetClaim("party_kind").Value);
        Assert.Equal(vendor.ClientId, token.GetClaim("client_id").Value);
        Assert.Equal(["exchange.read", "scores.read"], token.GetClaim("scope").Value.Split(' ').Order());
        Assert.InRange((token.ValidTo - token.IssuedAt).TotalMinutes, 1, 15);
    }

    [Fact]
    public async Task Client_secret_post_gets_a_token()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);

        var response = await app.RequestTokenAsync(partner.ClientId, partner.Secret, style: ClientCredentialStyle.PostBody);

        Assert.False(response.IsError, response.Error);
    }

    [Fact]
    public async Task Requested_scopes_narrow_the_token()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead, Scopes.ExchangeWrite);

        var response = await app.RequestTokenAsync(vendor.ClientId, vendor.Secret, scope: Scopes.ExchangeRead);

        Assert.Equal("exchange.read", new JsonWebToken(response.AccessToken).GetClaim("scope").Value);
    }

    [Fact]
    public async Task Asking_for_a_scope_the_client_lacks_is_invalid_scope()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);

        var response = await app.RequestTokenAsync(partner.ClientId, partner.Secret, scope: "exchange.read admin");

        Assert.Equal(OidcConstants.TokenErrors.InvalidScope, ErrorOf(response));
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_client()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);

        var response = await app.RequestTokenAsync(partner.ClientId, partner.Secret + "x");

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(response));
    }

    [Fact]
    public async Task Unknown_client_is_invalid_client()
    {
        var response = await app.RequestTokenAsync("pxc_nobody", "secret");

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(response));
    }

    [Fact]
    public async Task Disabled_client_cannot_get_a_token()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();
        (await admin.PatchAsJsonAsync($"/v1/parties/{partner.Id}/clients/{partner.ClientId}", new { status = "disabled" })).EnsureSuccessStatusCode();

        var response = await app.RequestTokenAsync(partner.ClientId, partner.Secret);

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(response));
    }

    [Fact]
    public async Task Other_grant_types_are_refused()
    {
        using var http = app.Client();
        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["username"] = "a", ["password"] = "b",
            ["client_id"] = ApiApp.OperatorClientId, ["client_secret"] = ApiApp.OperatorSecret,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Private_key_jwt_client_gets_a_token_with_a_signed_assertion()
    {
        var (party, clientId, key) = await CreateKeyClientAsync();

        var response = await RequestWithAssertionAsync(clientId, TokenForge.ClientAssertion(key, clientId));

        Assert.False(response.IsError, $"{response.Error} {response.ErrorDescription}");
        Assert.Equal(party, new JsonWebToken(response.AccessToken).GetClaim("party_id").Value);
    }

    [Fact]
    public async Task Replayed_client_assertion_is_refused()
    {
        var (_, clientId, key) = await CreateKeyClientAsync();
        var assertion = TokenForge.ClientAssertion(key, clientId);
        Assert.False((await RequestWithAssertionAsync(clientId, assertion)).IsError);

        var replay = await RequestWithAssertionAsync(clientId, assertion);

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(replay));
    }

    [Fact]
    public async Task Assertion_signed_with_another_key_is_refused()
    {
        var (_, clientId, _) = await CreateKeyClientAsync();

        var response = await RequestWithAssertionAsync(clientId, TokenForge.ClientAssertion(TokenForge.NewRsaKey(), clientId));

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(response));
    }

    [Fact]
    public async Task Private_key_jwt_client_cannot_use_a_secret()
    {
        var (_, clientId, _) = await CreateKeyClientAsync();

        var response = await app.RequestTokenAsync(clientId, "any-secret");

        Assert.Equal(OidcConstants.TokenErrors.InvalidClient, ErrorOf(response));
    }

    [Fact]
    public async Task Discovery_document_and_jwks_describe_the_token_server()
    {
        using var http = app.Client();
        await app.TokenAsync(ApiApp.OperatorClientId, ApiApp.OperatorSecret);

        var discovery = await (await http.GetAsync("/.well-known/openid-configuration")).AssertOkAsync();
        var jwks = await (await http.GetAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery)).AssertOkAsync();

        Assert.EndsWith("/connect/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Contains("private_key_jwt", discovery.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(TokenForge.AppKey(app).KeyId, jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()));
    }

    private async Task<(string PartyId, string ClientId, Microsoft.IdentityModel.Tokens.RsaSecurityKey Key)> CreateKeyClientAsync()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        var key = TokenForge.NewRsaKey();
        using var admin = await app.OperatorAsync();
        var created = await (await admin.PostAsJsonAsync($"/v1/parties/{partner.Id}/clients", new
        {
            displayName = "key client",
            scopes = new[] { Scopes.ExchangeRead },
            authMethod = "private_key_jwt",
            jwks = TokenForge.PublicJwks(key),
        })).AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, created.GetProperty("clientSecret").ValueKind);
        return (partner.Id, created.GetProperty("client").GetProperty("clientId").GetString()!, key);
    }

    /// <summary>The OAuth error code; invalid_client comes with 401, which the client library reports as an HTTP error.</summary>
    private static string? ErrorOf(TokenResponse response) =>
        response.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var error) ? error.GetString() : response.Error;

    private async Task<TokenResponse> RequestWithAssertionAsync(string clientId, string assertion)
    {
        using var http = app.Client();
        return await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = "https://localhost/connect/token",
            ClientId = clientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            ClientAssertion = new ClientAssertion { Type = OidcConstants.ClientAssertionTypes.JwtBearer, Value = assertion },
        });
    }
}

public sealed class TokenEndpointOnSqlite(SqliteApp app) : TokenEndpointTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class TokenEndpointOnPostgres(PostgresApp app) : TokenEndpointTests(app), IClassFixture<PostgresApp>;
