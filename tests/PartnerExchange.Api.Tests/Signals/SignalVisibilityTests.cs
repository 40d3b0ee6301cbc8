using System.Net;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Signals;

/// <summary>
/// DESIGN §3 as a matrix: the vendor, partner A, partner B (sharing customer C1 with A) and partner X of
/// another vendor each read each kind of record by id and by list.
/// </summary>
public abstract class SignalVisibilityTests(ApiApp app) : IAsyncLifetime
{
    private ExchangeWorld _w = null!;
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _w = await CreateAsync(app);
        var vendorIds = await PublishAsync(_w.AsVendor,
            ActiveUsers("v-c1", "C1"),
            ActiveUsers("v-c2", "C2"),
            ActiveUsers("v-c3", "C3"),
            ActiveUsers("v-c1-old", "C1", DateTimeOffset.UtcNow.AddDays(-60)),
            ActiveUsers("v-c1-recent", "C1", DateTimeOffset.UtcNow.AddDays(-10)),
            new { externalId = "v-health", type = "adopt.health_score", customerId = "C1", occurredAt = DateTimeOffset.UtcNow, payload = new { score = 70 } });
        string[] names = ["vendor-c1", "vendor-c2", "vendor-c3", "vendor-c1-old", "vendor-c1-recent", "vendor-health"];
        for (var i = 0; i < names.Length; i++)
        {
            _ids[names[i]] = vendorIds[i];
        }

        _ids["a-c1"] = (await PublishAsync(_w.AsA, Onboarding("a-c1", _w.PA, customerId: "C1")))[0];
        _ids["b-c1"] = (await PublishAsync(_w.AsB, Onboarding("b-c1", _w.PB, customerId: "C1")))[0];
    }

    public Task DisposeAsync()
    {
        _w.Dispose();
        return Task.CompletedTask;
    }

    private async Task<HashSet<string>> ListAsync(HttpClient http)
    {
        var seen = new HashSet<string>();
        string? cursor = null;
        do
        {
            var page = await (await http.GetAsync($"/v1/signals?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(seen.Add(item.GetProperty("id").GetString()!), "an item appeared twice");
            }

            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return _ids.Where(kv => seen.Contains(kv.Value)).Select(kv => kv.Key).ToHashSet();
    }

    [Theory]
    [InlineData("vendor", new[] { "vendor-c1", "vendor-c2", "vendor-c3", "vendor-c1-old", "vendor-c1-recent", "vendor-health", "a-c1", "b-c1" })]
    [InlineData("a", new[] { "vendor-c1", "vendor-c2", "vendor-c1-recent", "a-c1" })]
    [InlineData("b", new[] { "b-c1" })]
    [InlineData("x", new string[0])]
    public async Task Each_caller_lists_exactly_what_it_may_see(string who, string[] expected)
    {
        var seen = await ListAsync(Client(who));

        Assert.Equal(expected.Order(), seen.Order());
    }

    [Theory]
    [InlineData("vendor", new[] { "vendor-c1", "vendor-c2", "vendor-c3", "vendor-c1-old", "vendor-c1-recent", "vendor-health", "a-c1", "b-c1" })]
    [InlineData("a", new[] { "vendor-c1", "vendor-c2", "vendor-c1-recent", "a-c1" })]
    [InlineData("b", new[] { "b-c1" })]
    [InlineData("x", new string[0])]
    public async Task Each_caller_reads_by_id_exactly_what_it_may_see_and_404_for_the_rest(string who, string[] expected)
    {
        foreach (var (name, id) in _ids)
        {
            var response = await Client(who).GetAsync($"/v1/signals/{id}");
            if (expected.Contains(name))
            {
                await response.AssertOkAsync();
            }
            else
            {
                await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
            }
        }
    }

    [Fact]
    public async Task A_partner_gets_vendor_payloads_cut_to_the_entitled_fields()
    {
        var signal = await (await _w.AsA.GetAsync($"/v1/signals/{_ids["vendor-c1"]}")).AssertOkAsync();

        Assert.Equal(["activeUsers"], signal.GetProperty("payload").EnumerateObject().Select(p => p.Name));
        Assert.Equal(_w.PA, signal.GetProperty("partnershipId").GetString());
        var whole = await (await _w.AsVendor.GetAsync($"/v1/signals/{_ids["vendor-c1"]}")).AssertOkAsync();
        Assert.Equal(2, whole.GetProperty("payload").EnumerateObject().Count());
    }

    [Fact]
    public async Task The_vendor_filters_by_customer_type_and_publisher()
    {
        var byCustomer = await (await _w.AsVendor.GetAsync("/v1/signals?customerId=C2")).AssertOkAsync();
        var byType = await (await _w.AsVendor.GetAsync("/v1/signals?type=adopt.health_score")).AssertOkAsync();
        var byPublisher = await (await _w.AsVendor.GetAsync($"/v1/signals?publisher={_w.A.Id}")).AssertOkAsync();
        var byPartnership = await (await _w.AsVendor.GetAsync($"/v1/signals?partnershipId={_w.PB}")).AssertOkAsync();

        Assert.Equal([_ids["vendor-c2"]], byCustomer.GetProperty("items").Strings("id"));
        Assert.Equal([_ids["vendor-health"]], byType.GetProperty("items").Strings("id"));
        Assert.Equal([_ids["a-c1"]], byPublisher.GetProperty("items").Strings("id"));
        Assert.Equal([_ids["b-c1"]], byPartnership.GetProperty("items").Strings("id"));
    }

    [Fact]
    public async Task Unlinking_a_customer_stops_the_flow_of_its_vendor_data()
    {
        (await _w.AsVendor.DeleteAsync($"/v1/partnerships/{_w.PA}/customers/C2")).EnsureSuccessStatusCode();

        await (await _w.AsA.GetAsync($"/v1/signals/{_ids["vendor-c2"]}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Only_the_publisher_deletes_and_a_deleted_signal_is_gone()
    {
        var id = (await PublishAsync(_w.AsA, Onboarding("a-delete", _w.PA, customerId: "C2")))[0];

        await (await _w.AsVendor.DeleteAsync($"/v1/signals/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _w.AsB.DeleteAsync($"/v1/signals/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.NoContent, (await _w.AsA.DeleteAsync($"/v1/signals/{id}")).StatusCode);
        await (await _w.AsVendor.GetAsync($"/v1/signals/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    private HttpClient Client(string who) => who switch
    {
        "vendor" => _w.AsVendor,
        "a" => _w.AsA,
        "b" => _w.AsB,
        _ => _w.AsX,
    };
}

public sealed class SignalVisibilityOnSqlite(SqliteApp app) : SignalVisibilityTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class SignalVisibilityOnPostgres(PostgresApp app) : SignalVisibilityTests(app), IClassFixture<PostgresApp>;
