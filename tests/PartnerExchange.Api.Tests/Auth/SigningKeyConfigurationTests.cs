using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Auth;

/// <summary>An app whose signing key comes from a configured PEM file, as every production process would share it.</summary>
public sealed class KeyFileApp() : ApiApp(DatabaseProvider.Sqlite)
{
    public RsaSecurityKey Key { get; } = new(RSA.Create(2048));

    protected override IDictionary<string, string?> Settings()
    {
        var path = Path.Combine(DataDirectory, "shared-signing-key.pem");
        File.WriteAllText(path, Key.Rsa.ExportPkcs8PrivateKeyPem());
        Key.KeyId = Base64UrlEncoder.Encode(Key.ComputeJwkThumbprint());
        return new Dictionary<string, string?> { ["Auth:SigningKeyPath"] = path, ["Auth:AllowHttp"] = "false" };
    }
}

public sealed class SigningKeyConfigurationTests(KeyFileApp app) : IClassFixture<KeyFileApp>
{
    [Fact]
    public async Task Tokens_are_signed_with_the_configured_key_file()
    {
        var token = new JsonWebToken(await app.TokenAsync(ApiApp.OperatorClientId, ApiApp.OperatorSecret));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.EncodedToken, new TokenValidationParameters
        {
            IssuerSigningKey = app.Key,
            ValidateIssuer = false,
            ValidAudience = "partnerexchange-api",
            ValidTypes = ["at+jwt"],
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(app.Key.KeyId, token.Kid);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "signing-key.pem")), "No development key is generated when one is configured.");
    }

    [Fact]
    public async Task Plain_http_token_request_is_refused_unless_allowed()
    {
        using var http = app.Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost") });

        var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = ApiApp.OperatorClientId, ["client_secret"] = ApiApp.OperatorSecret,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public void Outside_development_a_missing_signing_key_stops_start_up_naming_the_key()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:PartnerExchange", $"Data Source={Path.Combine(app.DataDirectory, "prod.db")}");
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("Auth:SigningKeyPath", error.ToString(), StringComparison.Ordinal);
    }
}
