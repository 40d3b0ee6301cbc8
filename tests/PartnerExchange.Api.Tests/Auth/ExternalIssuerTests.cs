using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PartnerExchange.Api.Tests.Auth;

/// <summary>
/// A second OpenID Connect issuer, stood up with WireMock serving discovery and JWKS, replaces the
/// embedded token server through <c>Auth:Authority</c>.
/// </summary>
public sealed class ExternalIssuerApp() : ApiApp(DatabaseProvider.Sqlite)
{
    private WireMockServer? _issuer;

    public RsaSecurityKey IssuerKey { get; } = TokenForge.NewRsaKey("external-key-1");

    public string IssuerUrl => _issuer!.Url!;

    protected override IDictionary<string, string?> Settings()
    {
        _issuer = WireMockServer.Start();
        var parameters = IssuerKey.Rsa.ExportParameters(false);
        var jwks = JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = IssuerKey.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } },
        });
        var discovery = JsonSerializer.Serialize(new
        {
            issuer = _issuer.Url,
            jwks_uri = _issuer.Url + "/keys",
            token_endpoint = _issuer.Url + "/oauth2/token",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        });
        _issuer.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(discovery));
        _issuer.Given(Request.Create().WithPath("/keys").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(jwks));

        return new Dictionary<string, string?> { ["Auth:Authority"] = _issuer.Url, ["Auth:AllowHttp"] = "true" };
    }

    public string IssueToken(SecurityKey? key = null) => TokenForge.Sign(key ?? IssuerKey, issuer: IssuerUrl, clientId: "external-client", scope: "exchange.read",
        extraClaims: new Dictionary<string, object> { ["party_id"] = "acme", ["party_kind"] = "vendor" });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _issuer?.Stop();
    }
}

public sealed class ExternalIssuerTests(ExternalIssuerApp app) : IClassFixture<ExternalIssuerApp>
{
    [Fact]
    public async Task Token_from_the_external_issuer_is_accepted()
    {
        using var http = app.Client(app.IssueToken());

        var me = await (await http.GetAsync("/v1/me")).AssertOkAsync();

        Assert.Equal("acme", me.GetProperty("partyId").GetString());
        Assert.Equal("external-client", me.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_refused()
    {
        using var http = app.Client(app.IssueToken(TokenForge.NewRsaKey("external-key-1")));

        await (await http.GetAsync("/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Embedded_token_server_is_off()
    {
        using var http = app.Client();

        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ApiApp.OperatorClientId, ["client_secret"] = ApiApp.OperatorSecret,
        }));

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
