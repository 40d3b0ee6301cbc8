using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Errors;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>Bound from the <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Burst size of each client's token bucket.</summary>
    [Range(1, 1_000_000)] public int ClientBurst { get; set; } = 200;

    /// <summary>Requests per second a client may sustain.</summary>
    [Range(1, 1_000_000)] public int ClientPerSecond { get; set; } = 100;

    /// <summary>Token requests one address may make per minute.</summary>
    [Range(1, 1_000_000)] public int TokenRequestsPerMinute { get; set; } = 30;
}

/// <summary>
/// Per-client token buckets, and a stricter fixed window per address on the token endpoint.
/// Limits are per process: N processes allow N times the rate (see README).
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.Equals(TokenServer.TokenPath, StringComparison.OrdinalIgnoreCase))
                {
                    var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter("token:" + address, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.TokenRequestsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
                }

                var clientId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(PxClaims.ClientId)?.Value : null;
                return clientId is null
                    ? RateLimitPartition.GetNoLimiter("anonymous")
                    : RateLimitPartition.GetTokenBucketLimiter("client:" + clientId, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.ClientBurst,
                        TokensPerPeriod = limits.ClientPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    });
            });
            options.OnRejected = async (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
                    "Too many requests.", $"Retry after {seconds} seconds.");
            };
        });
        return services;
    }

    /// <summary>
    /// The token endpoint is answered by the authentication middleware, so its limiter must run
    /// before it; client limits need the authenticated caller, so they run after. One global
    /// limiter serves both positions: before authentication every caller but the token endpoint is
    /// anonymous and unlimited, and a token request never reaches the second position.
    /// </summary>
    public static WebApplication UseAuthenticationWithRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }
}
