using Microsoft.Extensions.Options;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Demo;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Database;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>Bound from the <c>Bootstrap</c> section: the operator client created or updated at start-up.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string AdminClientId { get; set; } = "operator";

    /// <summary>When set, the operator client exists with this secret (also <c>Bootstrap__AdminClientSecret</c>).</summary>
    public string? AdminClientSecret { get; set; }
}

/// <summary>
/// Work done when the server starts, never when the host is only built or inspected:
/// migrations, the operator client, and the Development demo data.
/// </summary>
public sealed class StartupTasks(
    Migrator migrator,
    IOptions<DatabaseOptions> database,
    IOptions<BootstrapOptions> bootstrap,
    ClientsData clients,
    DemoSeeder demo,
    TimeProvider clock,
    IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A missing or unreadable signing key is a configuration error: stop now, not at the first token request.
        _ = services.GetService<SigningKeys>()?.Key;

        if (database.Value.MigrateOnStartup)
        {
            migrator.Migrate();
        }

        var options = bootstrap.Value;
        if (!string.IsNullOrEmpty(options.AdminClientSecret))
        {
            await clients.UpsertOperatorAsync(OperatorClient(options.AdminClientId, options.AdminClientSecret, clock.GetUtcNow()), cancellationToken);
        }

        await demo.SeedIfEmptyAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static ClientRow OperatorClient(string clientId, string secret, DateTimeOffset now) => new(
        clientId, PartyId: null, PartyKind: null, "Platform operator", Scopes.Format([Scopes.Admin, Scopes.AuditRead]),
        ClientAuthMethod.ClientSecret, ClientSecrets.Hash(secret), Jwks: null, ClientStatus.Active, now);
}

public static class StartupTaskSetup
{
    public static IServiceCollection AddStartupTasks(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AdminClientId), "Bootstrap:AdminClientId must not be empty.")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoExchange>();
        services.AddHostedService<StartupTasks>();
        return services;
    }

    /// <summary>Runs a command verb instead of the server: <c>migrate</c> or <c>openapi PATH</c>.</summary>
    public static async Task<int> RunAsync(this WebApplication app, string[] args)
    {
        switch (args)
        {
            case ["migrate", ..]:
                app.Services.GetRequiredService<Migrator>().Migrate();
                Console.WriteLine("Database is up to date.");
                return 0;
            case ["openapi", var path, ..]:
                // The server is not started, so its pipeline is never built: register the mapped
                // endpoints with routing here, which is what the API explorer reads.
                app.UseRouting();
                app.UseEndpoints(_ => { });
                await File.WriteAllTextAsync(path, await OpenApi.OpenApiSetup.RenderAsync(app.Services, "v1"));
                Console.WriteLine($"Wrote {path}");
                return 0;
            default:
                await app.RunAsync();
                return 0;
        }
    }
}
