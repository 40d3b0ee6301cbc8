using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Auth;
using PartnerExchange.Api.Contracts;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Data.Clients;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Parties;
using PartnerExchange.Data.Partnerships;
using PartnerExchange.Data.Scoring;
using PartnerExchange.Domain.Auth;
using PartnerExchange.Domain.Contracts;
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
/// On an empty database: one vendor, five partners, their partnerships and a client for each party
/// (plus an operator client when none is configured), a year of exchange data and the program's settings. The credentials are printed once and kept in
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
    ContractsData contracts,
    DemoExchange exchange,
    ScoringData scoring,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string VendorId = "acme";
    public static readonly string[] PartnerIds = ["northwind-msp", "contoso-integrators", "fabrikam-resellers", "adventure-works", "woodgrove-solutions"];

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

        var demoPartnerships = new List<PartnershipRow>();
        string[] names = ["Acme Software", "Northwind MSP", "Contoso Integrators", "Fabrikam Resellers", "Adventure Works", "Woodgrove Solutions"];
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
                var partnership = new PartnershipRow(Guid.CreateVersion7(now).ToString(), VendorId, ids[i], PartnershipStatus.Active, now, now);
                await partnerships.TryInsertAsync(partnership, ct);
                await SeedActiveContractAsync(partnership, now, ct);
                demoPartnerships.Add(partnership);
            }
        }

        await exchange.SeedAsync(VendorId, demoPartnerships, now, ct);
        await scoring.SaveProgramAsync(new ProgramRow
        {
            VendorId = VendorId, ExecutiveSponsor = "Dana Whitfield, Chief Revenue Officer", ReviewCadenceDays = 90,
            LastReviewOn = DateOnly.FromDateTime(now.AddDays(-40).UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ScoreUses = """["tiering","co-selling","incentives"]""", UpdatedAt = now,
        }, ct);

        var path = Path.Combine(storage.Value.ResolveDataDirectory(environment), "demo-credentials.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(credentials, s_json), ct);

        logger.LogWarning("Demo data seeded. Demo client credentials (also in {Path}):{NewLine}{Credentials}",
            path, Environment.NewLine, string.Join(Environment.NewLine, credentials.Select(c => $"  {c.Role,-8} {c.PartyId ?? "-",-20} client_id={c.ClientId}  client_secret={c.ClientSecret}")));
    }

    /// <summary>Version 1 of each demo partnership, drafted and proposed by the vendor and accepted by the partner a year ago.</summary>
    private async Task SeedActiveContractAsync(PartnershipRow partnership, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-DemoExchange.HistoryDays);
        var terms = new ContractTerms(
            [new Obligation("adopt.onboarding_session", 30, null), new Obligation("adopt.deployment_completed", 90, null), new Obligation("renew.qbr_held", 120, null)],
            [new Entitlement("adopt.active_users", null, 90), new Entitlement("adopt.health_score", ["score"], 30), new Entitlement("renew.renewal_due", ["dueDate"], 365)],
            new Reciprocity(ReciprocityMode.Enforce, 0.6, 14),
            DateOnly.FromDateTime(since.UtcDateTime),
            "Demo contract: onboarding, deployments and QBRs in exchange for usage, health and renewal dates.");
        await using var unit = await contracts.BeginAsync(partnership.Id, ct)
            ?? throw new InvalidOperationException($"Demo partnership {partnership.Id} vanished.");
        var row = new ContractRow
        {
            PartnershipId = partnership.Id, Version = 1, Status = ContractStatus.Active, Revision = 1, DraftedBy = partnership.VendorId,
            ProposedBy = partnership.VendorId, Content = ContractMapping.Serialize(terms), ProposedAt = since, AcceptedByVendorAt = since,
            AcceptedByPartnerAt = since, ActivatedAt = since, CreatedAt = since, UpdatedAt = since,
        };
        await unit.InsertAsync(row, ct);
        await unit.SetTypeRefsAsync(1, ContractRules.ReferencedTypes(terms).Select(k => ("", k)), ct);
        await unit.AppendChangesAsync([new Change("contract", "upsert", $"{partnership.Id}/1", partnership.VendorId, partnership.Id)
        {
            Data = JsonSerializer.Serialize(row.ToResponse(), ApiJson.Web),
        }], now, ct);
        await unit.CommitAsync(ct);
    }

    private sealed record DemoCredential(string Role, string? PartyId, string ClientId, string ClientSecret, string Scopes);
}
