using System.ComponentModel.DataAnnotations;

namespace PartnerExchange.Api.Errors;

/// <summary>Bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest accepted request body, in bytes (default 5 MiB).</summary>
    [Range(1024, 1L << 30, ErrorMessage = "Api:MaxRequestBodyBytes must be between 1 KiB and 1 GiB.")]
    public long MaxRequestBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Deprecated versions by major number (e.g. <c>Api:Deprecations:1:Since</c>, <c>...:Sunset</c>, <c>...:Link</c>).</summary>
    public Dictionary<string, OpenApi.VersionDeprecation> Deprecations { get; set; } = [];
}
