using System.Net;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Audit;

public abstract class AuditTests(ApiApp app)
{
    private static async Task<List<JsonElement>> AuditAsync(HttpClient http, string query = "")
    {
        var records = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await http.GetAsync($"/v1/audit?limit=1000{query}{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            records.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return records;
    }

    [Fact]
    public async Task A_read_is_recorded_with_actor_client_action_resource_count_and_request_id()
    {
        using var w = await CreateAsync(app);
        var id = (await PublishAsync(w.AsVendor, ActiveUsers("audit-1", "C1")))[0];

        (await w.AsVendor.GetAsync($"/v1/signals/{id}")).EnsureSuccessStatusCode();

        var record = (await AuditAsync(w.AsVendor)).Last(r => r.GetProperty("resource").GetString() == $"/v1/signals/{id}");
        Assert.Equal(w.Vendor.Id, record.GetProperty("actorParty").GetString());
        Assert.Equal(w.Vendor.ClientId, record.GetProperty("clientId").GetString());
        Assert.Equal("GET /v1/signals/{id}", record.GetProperty("action").GetString());
        Assert.Equal(1, record.GetProperty("recordCount").GetInt32());
        Assert.False(string.IsNullOrEmpty(record.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task Writes_lists_and_the_feed_are_recorded_with_their_record_counts()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsVendor, ActiveUsers("audit-2", "C1"), ActiveUsers("audit-3", "C2"));
        (await w.AsVendor.GetAsync("/v1/signals?limit=1000")).EnsureSuccessStatusCode();
        (await w.AsVendor.GetAsync("/v1/feed?limit=1000")).EnsureSuccessStatusCode();

        var records = await AuditAsync(w.AsVendor);

        Assert.Equal(2, records.Last(r => r.GetProperty("action").GetString() == "POST /v1/signals/").GetProperty("recordCount").GetInt32());
        Assert.Equal(2, records.Last(r => r.GetProperty("action").GetString() == "GET /v1/signals/").GetProperty("recordCount").GetInt32());
        Assert.True(records.Last(r => r.GetProperty("action").GetString() == "GET /v1/feed/").GetProperty("recordCount").GetInt32() > 2);
    }

    [Fact]
    public async Task The_vendor_sees_partner_reads_of_its_data_and_a_partner_sees_reads_of_what_it_published()
    {
        using var w = await CreateAsync(app);
        var vendorSignal = (await PublishAsync(w.AsVendor, ActiveUsers("audit-4", "C1")))[0];
        var aSignal = (await PublishAsync(w.AsA, Onboarding("audit-5", w.PA, customerId: "C1")))[0];

        (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).EnsureSuccessStatusCode();
        (await w.AsVendor.GetAsync($"/v1/signals/{aSignal}")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await w.AsB.GetAsync($"/v1/signals/{aSignal}")).StatusCode);

        var vendorView = await AuditAsync(w.AsVendor);
        var aView = await AuditAsync(w.AsA);
        var bView = await AuditAsync(w.AsB);

        Assert.Contains(vendorView, r => r.GetProperty("actorParty").GetString() == w.A.Id && r.GetProperty("resource").GetString() == $"/v1/signals/{vendorSignal}");
        Assert.Contains(aView, r => r.GetProperty("actorParty").GetString() == w.Vendor.Id && r.GetProperty("resource").GetString() == $"/v1/signals/{aSignal}");
        Assert.DoesNotContain(aView, r => r.GetProperty("actorParty").GetString() == w.B.Id);
        Assert.All(bView, r => Assert.Equal(w.B.Id, r.GetProperty("actorParty").GetString()));
    }

    [Fact]
    public async Task The_operator_sees_every_record_and_filters_by_actor_and_action()
    {
        using var w = await CreateAsync(app);
        (await w.AsA.GetAsync("/v1/customers")).EnsureSuccessStatusCode();
        using var admin = await app.OperatorAsync();

        var byActor = await AuditAsync(admin, $"&actor={w.A.Id}&action=GET%20/v1/customers/");

        var record = Assert.Single(byActor);
        Assert.Equal(w.A.Id, record.GetProperty("actorParty").GetString());
    }

    [Fact]
    public async Task Reading_the_audit_needs_the_audit_read_scope()
    {
        var partner = await app.CreatePartyAsync("partner", "exchange.read");
        using var http = await app.AsAsync(partner);

        await (await http.GetAsync("/v1/audit")).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }
}

public sealed class AuditOnSqlite(SqliteApp app) : AuditTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class AuditOnPostgres(PostgresApp app) : AuditTests(app), IClassFixture<PostgresApp>;
