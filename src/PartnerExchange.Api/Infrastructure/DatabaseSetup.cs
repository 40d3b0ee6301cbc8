using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Signals;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.SignalTypes;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Parties;
using PartnerExchange.Data.Partnerships;

namespace PartnerExchange.Api.Infrastructure;

public static class DatabaseSetup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration, IOptions<StorageOptions>, IHostEnvironment>((options, configuration, storage, environment) =>
            {
                options.ConnectionString = configuration.GetConnectionString("PartnerExchange") ?? "";
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.Provider == DatabaseProvider.Sqlite)
                {
                    var file = Path.Combine(storage.Value.ResolveDataDirectory(environment), "partnerexchange.db");
                    options.ConnectionString = new SqliteConnectionStringBuilder { DataSource = file }.ToString();
                }
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                "ConnectionStrings:PartnerExchange is required when Database:Provider is Postgres or SqlServer.")
            .ValidateOnStart();

        services.AddSingleton(sp => new Db(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.AddSingleton<Migrator>();
        services.AddSingleton<PartiesData>();
        services.AddSingleton<ClientsData>();
        services.AddSingleton<PartnershipsData>();
        services.AddSingleton<ChangeLog>();
        services.AddSingleton<FeedData>();
        services.AddSingleton<Data.Audit.AuditData>();
        services.AddSingleton<Data.Compliance.ComplianceData>();
        services.AddSingleton<Scoring.Reciprocity>();
        services.AddSingleton<Data.Scoring.ScoringData>();
        services.AddSingleton<Data.Idempotency.IdempotencyData>();
        services.AddSingleton<SignalTypesData>();
        services.AddSingleton<ContractsData>();
        services.AddSingleton<CustomersData>();
        services.AddSingleton<LinksData>();
        services.AddSingleton<SignalsData>();
        services.AddSingleton<Signals.PartnerGrants>();
        return services;
    }
}
