using System.ComponentModel.DataAnnotations;

namespace PartnerExchange.Api.Auth;

/// <summary>Bound from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string Audience = "partnerexchange-api";

    /// <summary>
    /// An external OpenID Connect issuer. When set, the embedded token server is off and tokens
    /// are validated against the issuer's discovery document and keys.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The issuer the embedded server writes into tokens; by default the request's base address.</summary>
    public string? Issuer { get; set; }

    /// <summary>Allows plain http (embedded server and external discovery); true only in Development.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Path of the RSA signing key: a PEM private key or a PFX certificate.</summary>
    public string? SigningKeyPath { get; set; }

    /// <summary>Password of the PFX at <see cref="SigningKeyPath"/>, if any.</summary>
    public string? SigningKeyPassword { get; set; }

    /// <summary>Lifetime of access tokens from the embedded server.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "00:15:00", ErrorMessage = "Auth:AccessTokenLifetime must be between 30 seconds and 15 minutes.")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a client's status is trusted before it is read again (a disabled client's tokens fail within this).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Auth:ClientStatusCacheDuration must be at most 60 seconds.")]
    public TimeSpan ClientStatusCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsExternal => !string.IsNullOrWhiteSpace(Authority);
}
