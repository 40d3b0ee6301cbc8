using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using PartnerExchange.Api.Infrastructure;

namespace PartnerExchange.Api.Auth;

/// <summary>
/// The RSA key that signs access tokens. It comes from a configured file so that several API
/// processes share it; in Development one is generated on first use and kept in the data folder.
/// Loaded lazily, so inspecting the host (OpenAPI export) creates no file.
/// </summary>
public sealed class SigningKeys(IOptions<AuthOptions> options, IOptions<StorageOptions> storage, IHostEnvironment environment)
{
    private readonly Lazy<SecurityKey> _key = new(() => Load(options.Value, storage.Value, environment));

    public SecurityKey Key => _key.Value;

    private static SecurityKey Load(AuthOptions auth, StorageOptions storage, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKeyPath))
        {
            return FromFile(auth.SigningKeyPath, auth.SigningKeyPassword);
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Auth:SigningKeyPath is required outside Development: point it at a PEM RSA private key or a PFX certificate shared by every API process.");
        }

        var path = Path.Combine(storage.ResolveDataDirectory(environment), "signing-key.pem");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var rsa = RSA.Create(2048);
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        }

        return FromFile(path, password: null);
    }

    private static SecurityKey FromFile(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Auth:SigningKeyPath '{path}' does not exist.");
        }

        SecurityKey key;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            key = new X509SecurityKey(certificate);
        }
        else
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(File.ReadAllText(path));
            key = new RsaSecurityKey(rsa);
        }

        // A stable key id (the RFC 7638 thumbprint) lets every process and every client agree on it.
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }
}
