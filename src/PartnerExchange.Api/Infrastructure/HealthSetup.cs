using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Infrastructure;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the database is reachable and its schema current.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).ExcludeFromDescription();
        return app;
    }

    private sealed class DatabaseReady(Migrator migrator) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return Task.FromResult(migrator.IsCurrent()
                    ? HealthCheckResult.Healthy("The database is reachable and its schema is current.")
                    : HealthCheckResult.Unhealthy("The database schema has pending migrations."));
            }
            catch (Exception e)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The database is unreachable.", e));
            }
        }
    }
}
