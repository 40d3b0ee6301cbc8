using Microsoft.AspNetCore.HttpLogging;

namespace PartnerExchange.Api.Infrastructure;

public static class RequestLogging
{
    /// <summary>One structured log entry per request: method, path, status and duration (never headers or bodies).</summary>
    public static IServiceCollection AddRequestLogging(this IServiceCollection services) =>
        services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });
}
