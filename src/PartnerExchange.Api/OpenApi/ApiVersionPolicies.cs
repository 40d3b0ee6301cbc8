using System.Globalization;
using System.Text.RegularExpressions;
using Asp.Versioning.ApiExplorer;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Errors;

namespace PartnerExchange.Api.OpenApi;

/// <summary>A version marked deprecated in configuration (<c>Api:Deprecations:{major}</c>).</summary>
public sealed class VersionDeprecation
{
    /// <summary>When the version was deprecated; sent as the RFC 9745 <c>Deprecation</c> header.</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>When the version stops answering; sent as the RFC 8594 <c>Sunset</c> header.</summary>
    public DateTimeOffset? Sunset { get; set; }

    /// <summary>Where the migration guide is; sent as <c>Link: &lt;…&gt;; rel="deprecation"</c>.</summary>
    public Uri? Link { get; set; }
}

/// <summary>
/// Answers a request for an unknown version (<c>/v9/...</c>) with a problem that names the supported
/// versions, and marks deprecated versions with <c>Deprecation</c> and <c>Sunset</c> headers.
/// </summary>
public sealed partial class ApiVersionPolicies(RequestDelegate next, IApiVersionDescriptionProvider versions, IOptions<ApiOptions> options)
{
    private readonly Lazy<HashSet<int>> _supported = new(() => versions.ApiVersionDescriptions.Select(d => d.ApiVersion.MajorVersion ?? 0).ToHashSet());

    public async Task InvokeAsync(HttpContext context)
    {
        var match = VersionSegment().Match(context.Request.Path.Value ?? "");
        if (match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
        {
            if (!_supported.Value.Contains(major))
            {
                var supported = string.Join(", ", _supported.Value.Order().Select(v => $"v{v}"));
                context.Response.Headers["api-supported-versions"] = string.Join(", ", _supported.Value.Order().Select(v => $"{v}.0"));
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, ProblemTypes.UnsupportedApiVersion,
                    "Unsupported API version", $"API version v{major} does not exist. Supported versions: {supported}.");
                return;
            }

            if (options.Value.Deprecations.TryGetValue(major.ToString(CultureInfo.InvariantCulture), out var deprecation))
            {
                var headers = context.Response.Headers;
                headers["Deprecation"] = "@" + deprecation.Since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                if (deprecation.Sunset is { } sunset)
                {
                    headers["Sunset"] = sunset.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);
                }

                if (deprecation.Link is { } link)
                {
                    headers.Link = $"<{link}>; rel=\"deprecation\"";
                }
            }
        }

        await next(context);
    }

    [GeneratedRegex("^/v([0-9]{1,4})(?:/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionSegment();
}
