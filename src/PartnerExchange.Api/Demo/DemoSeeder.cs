using System.Text.Json;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Parties;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Parties;

namespace PartnerExchange.Api.Demo;

/// <summary>Bound from the <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed demo data into an empty database at start-up (on in Development).</summary>
    public bool Seed { get; set; }
}

/// <summary>
/// On an empty database: one vendor, three partners, their partnerships and a client for each party
/// (plus an operator client when none is configured). The credentials are printed once and kept in
/// <c>data/demo-credentials.json</c>.
/// </summary>
public sealed class DemoSeeder(
    IOptions<DemoOptions> options,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<StorageOptions> storage,
    IHostEnvironment environment,
    PartiesData parties,
    ClientsData clients,
    PartnershipsData partnerships,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string VendorId = "acme";
    public static readonly string[] PartnerIds = ["northwind-msp", "contoso-integrators", "fabrikam-resellers"];

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (!options.Value.Seed || await parties.CountAsync(ct) > 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var credentials = new List<DemoCredential>();

        if (string.IsNullOrEmpty(bootstrap.Value.AdminClientSecret))
        {
            var secret = ClientSecrets.NewSecret();
            await clients.UpsertOperatorAsync(StartupTasks.OperatorClient(bootstrap.Value.AdminClientId, secret, now), ct);
            credentials.Add(new DemoCredential("operator", null, bootstrap.Value.AdminClientId, secret, Scopes.Format([Scopes.Admin, Scopes.AuditRead])));
        }

        string[] names = ["Acme Software", "Northwind MSP", "Contoso Integrators", "Fabrikam Resellers"];
        string[] ids = [VendorId, .. PartnerIds];
        for (var i = 0; i < ids.Length; i++)
        {
            var kind = i == 0 ? PartyKind.Vendor : PartyKind.Partner;
            await parties.TryInsertAsync(new PartyRow(ids[i], kind, names[i], now), ct);

            var secret = ClientSecrets.NewSecret();
            var scopes = Scopes.Format(Scopes.AllowedFor(kind));
            var client = new ClientRow(ClientSecrets.NewClientId(), ids[i], kind, $"{names[i]} demo client", scopes,
                ClientAuthMethod.ClientSecret, ClientSecrets.Hash(secret), null, ClientStatus.Active, now);
            await clients.InsertAsync(client, ct);
            credentials.Add(new DemoCredential(kind, ids[i], client.ClientId, secret, scopes));

            if (kind == PartyKind.Partner)
            {
                await partnerships.TryInsertAsync(new PartnershipRow(Guid.CreateVersion7(now).ToString(), VendorId, ids[i], PartnershipStatus.Active, now, now), ct);
            }
        }

        var path = Path.Combine(storage.Value.ResolveDataDirectory(environment), "demo-credentials.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(credentials, s_json), ct);

        logger.LogWarning("Demo data seeded. Demo client credentials (also in {Path}):{NewLine}{Credentials}",
            path, Environment.NewLine, string.Join(Environment.NewLine, credentials.Select(c => $"  {c.Role,-8} {c.PartyId ?? "-",-20} client_id={c.ClientId}  client_secret={c.ClientSecret}")));
    }

    private sealed record DemoCredential(string Role, string? PartyId, string ClientId, string ClientSecret, string Scopes);
}
