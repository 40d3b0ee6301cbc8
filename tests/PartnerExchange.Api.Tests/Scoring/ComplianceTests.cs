using System.Net;
using System.Net.Http.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Scoring;

public abstract class ComplianceTests(ApiApp app)
{
    /// <summary>
    /// A's contract obliges an onboarding session every 30 days for each approved customer (C1, C2). A submits two,
    /// one valid (C1) and one invalid: timeliness 1/2 (C2 late), validity 1/2, compliance 1/4, below the minimum of 0.5.
    /// </summary>
    [Fact]
    public async Task Compliance_is_timeliness_times_validity_per_obligation()
    {
        using var w = await CreateAsync(app);
        var body = await (await w.AsA.PostAsJsonAsync("/v1/signals", new
        {
            signals = new object[]
            {
                Onboarding("ok", w.PA, customerId: "C1"),
                new { externalId = "bad", type = "adopt.onboarding_session", customerId = "C2", partnershipId = w.PA, occurredAt = DateTimeOffset.UtcNow, payload = new { sessionType = 5 } },
            },
        })).AssertOkAsync();
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());

        var compliance = await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();

        var obligation = compliance.GetProperty("obligations")[0];
        Assert.Equal(0.5, obligation.GetProperty("timeliness").GetDouble(), 10);
        Assert.Equal(0.5, obligation.GetProperty("validity").GetDouble(), 10);
        Assert.Equal(["C2"], obligation.GetProperty("lateCustomers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0.25, compliance.GetProperty("compliance").GetDouble(), 10);
        Assert.False(compliance.GetProperty("met").GetBoolean());
    }

    [Fact]
    public async Task Later_as_of_finds_every_customer_late()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsA, Onboarding("ob-c1", w.PA, customerId: "C1"), Onboarding("ob-c2", w.PA, customerId: "C2"));
        var later = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(31).ToString("O"));

        var now = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();
        var then = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/compliance?asOf={later}")).AssertOkAsync();

        Assert.Equal(1, now.GetProperty("compliance").GetDouble(), 10);
        Assert.True(now.GetProperty("met").GetBoolean());
        Assert.Equal(0, then.GetProperty("compliance").GetDouble(), 10);
    }

    [Fact]
    public async Task Only_the_two_parties_read_it_with_the_scores_read_scope()
    {
        using var w = await CreateAsync(app);
        var noScope = await app.CreatePartyAsync("partner", "exchange.read");
        using var asNoScope = await app.AsAsync(noScope);

        await (await w.AsB.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsX.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await asNoScope.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Fact]
    public async Task Without_an_active_contract_there_is_nothing_to_measure()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var partnership = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var http = await app.AsAsync(vendor);

        await (await http.GetAsync($"/v1/partnerships/{partnership}/compliance")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}

public sealed class ComplianceOnSqlite(SqliteApp app) : ComplianceTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ComplianceOnPostgres(PostgresApp app) : ComplianceTests(app), IClassFixture<PostgresApp>;
