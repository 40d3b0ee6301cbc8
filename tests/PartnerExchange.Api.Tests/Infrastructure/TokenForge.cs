using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartnerExchange.Api.Tests.Infrastructure;

/// <summary>Signs tokens the way an attacker or a misconfigured issuer would, to test what the API refuses.</summary>
public static class TokenForge
{
    public static RsaSecurityKey NewRsaKey(string? keyId = null) =>
        new(RSA.Create(2048)) { KeyId = keyId ?? Guid.NewGuid().ToString("N") };

    /// <summary>The development signing key the app generated in its data folder (after its first token).</summary>
    public static RsaSecurityKey AppKey(ApiApp app)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(app.DataDirectory, "signing-key.pem")));
        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    public static string Sign(
        SecurityKey key,
        string issuer = "https://localhost/",
        string audience = "partnerexchange-api",
        string type = "at+jwt",
        DateTime? expires = null,
        string clientId = ApiApp.OperatorClientId,
        string scope = "admin",
        IDictionary<string, object>? extraClaims = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["client_id"] = clientId, ["scope"] = scope, ["sub"] = clientId };
        foreach (var (k, v) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[k] = v;
        }

        var exp = expires ?? now.AddMinutes(5);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = exp.AddMinutes(-5) < now ? exp.AddMinutes(-5) : now,
            NotBefore = exp.AddMinutes(-5) < now ? exp.AddMinutes(-5) : now,
            Expires = exp,
            TokenType = type,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>).</summary>
    public static string Unsigned(string clientId = ApiApp.OperatorClientId)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        return Part("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." +
               Part($"{{\"iss\":\"https://localhost/\",\"aud\":\"partnerexchange-api\",\"client_id\":\"{clientId}\",\"scope\":\"admin\",\"exp\":{exp}}}") + ".";
    }

    /// <summary>A private_key_jwt client assertion (RFC 7523).</summary>
    public static string ClientAssertion(SecurityKey key, string clientId, string audience = "https://localhost/", string? jti = null, string type = "client-authentication+jwt") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", jti ?? Guid.NewGuid().ToString())]),
            Expires = DateTime.UtcNow.AddMinutes(2),
            TokenType = type,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    public static object PublicJwks(RsaSecurityKey key)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        };
    }
}
