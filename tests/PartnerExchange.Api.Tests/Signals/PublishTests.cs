using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Signals;

public abstract class PublishTests(ApiApp app)
{
    private static async Task<JsonElement> PublishRawAsync(HttpClient http, object[] signals, bool atomic = false) =>
        await (await http.PostAsJsonAsync($"/v1/signals{(atomic ? "?atomic=true" : "")}", new { signals })).AssertOkAsync();

    private static IDictionary<string, string[]> ErrorsOf(JsonElement body, int index) =>
        body.GetProperty("results")[index].GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());

    [Fact]
    public async Task Publishing_the_same_record_again_is_unchanged_and_a_change_is_updated_in_place()
    {
        using var w = await CreateAsync(app);
        var first = await PublishRawAsync(w.AsVendor, [ActiveUsers("same", "C1", DateTimeOffset.Parse("2026-11-01T00:00:00Z"))]);
        var again = await PublishRawAsync(w.AsVendor, [ActiveUsers("same", "C1", DateTimeOffset.Parse("2026-11-01T00:00:00Z"))]);
        var changed = await PublishRawAsync(w.AsVendor, [new
        {
            externalId = "same", type = "adopt.active_users", customerId = "C1", occurredAt = DateTimeOffset.Parse("2026-11-01T00:00:00Z"),
            payload = new { activeUsers = 90, licensedUsers = 100 },
        }]);

        var id = first.GetProperty("results")[0].GetProperty("id").GetString();
        Assert.Equal("created", first.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("unchanged", again.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal("updated", changed.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal(id, changed.GetProperty("results")[0].GetProperty("id").GetString());
        var stored = await (await w.AsVendor.GetAsync($"/v1/signals/{id}")).AssertOkAsync();
        Assert.Equal(90, stored.GetProperty("payload").GetProperty("activeUsers").GetInt32());
    }

    [Fact]
    public async Task Time_filters_with_an_offset_select_the_same_signals_as_in_UTC()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsVendor, ActiveUsers("tz-1", "C1", DateTimeOffset.Parse("2026-11-01T00:30:00Z")));
        async Task<string[]> ExternalIdsAsync(string query) =>
            (await (await w.AsVendor.GetAsync($"/v1/signals?customerId=C1&{query}")).AssertOkAsync())
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("externalId").GetString()!).ToArray();

        // 01:00+02:00 is 23:00 UTC the day before, so the signal at 00:30 UTC lies after it.
        Assert.Equal(["tz-1"], await ExternalIdsAsync("from=" + Uri.EscapeDataString("2026-11-01T01:00:00+02:00")));
        Assert.Empty(await ExternalIdsAsync("to=" + Uri.EscapeDataString("2026-11-01T02:00:00+02:00")));
        Assert.Equal(["tz-1"], await ExternalIdsAsync("to=" + Uri.EscapeDataString("2026-10-31T20:00:00-05:00")));
    }

    [Fact]
    public async Task A_partner_publishes_by_its_own_account_reference()
    {
        using var w = await CreateAsync(app);

        var ids = await PublishAsync(w.AsA, Onboarding("by-ref", w.PA, partnerAccountRef: "A-2"));

        var stored = await (await w.AsVendor.GetAsync($"/v1/signals/{ids[0]}")).AssertOkAsync();
        Assert.Equal("C2", stored.GetProperty("customerId").GetString());
        Assert.Equal(w.PA, stored.GetProperty("partnershipId").GetString());
    }

    [Fact]
    public async Task A_partner_publishes_only_obligation_types_about_approved_customers_in_its_own_partnerships()
    {
        using var w = await CreateAsync(app);

        var body = await PublishRawAsync(w.AsA,
        [
            new { externalId = "t1", type = "adopt.training_delivered", customerId = "C1", partnershipId = w.PA, occurredAt = DateTimeOffset.UtcNow, payload = new { course = "x" } },
            Onboarding("t2", w.PA, customerId: "C3"),
            Onboarding("t3", w.PB, customerId: "C1"),
            Onboarding("t4", w.PA),
            new { externalId = "t5", type = "adopt.onboarding_session", customerId = "C1", occurredAt = DateTimeOffset.UtcNow, payload = new { sessionType = "x" } },
            Onboarding("ok", w.PA, customerId: "C1"),
        ]);

        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(5, body.GetProperty("rejected").GetInt32());
        Assert.Contains("not an obligation", ErrorsOf(body, 0)["type"][0], StringComparison.Ordinal);
        Assert.Contains("customerId", ErrorsOf(body, 1).Keys);
        Assert.Contains("partnershipId", ErrorsOf(body, 2).Keys);
        Assert.Contains("customerId", ErrorsOf(body, 3).Keys);
        Assert.Contains("partnershipId", ErrorsOf(body, 4).Keys);
        Assert.Equal("created", body.GetProperty("results")[5].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_an_active_contract_a_partner_publishes_nothing()
    {
        using var w = await CreateAsync(app);
        var active = await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/contracts/active")).AssertOkAsync();
        (await w.AsA.PostAsync($"/v1/partnerships/{w.PA}/contracts/{active.GetProperty("version").GetInt32()}/terminate", null)).EnsureSuccessStatusCode();

        var body = await PublishRawAsync(w.AsA, [Onboarding("none", w.PA, customerId: "C1")]);

        Assert.Contains("no active contract", ErrorsOf(body, 0)["type"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vendor_publishes_vendor_types_about_its_own_customers_only()
    {
        using var w = await CreateAsync(app);

        var body = await PublishRawAsync(w.AsVendor,
        [
            Onboarding("partner-type", w.PA, customerId: "C1"),
            ActiveUsers("unknown-customer", "C404"),
            ActiveUsers("fine", "C1"),
        ]);

        Assert.Contains("type", ErrorsOf(body, 0).Keys);
        Assert.Contains("customerId", ErrorsOf(body, 1).Keys);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Every_payload_error_is_reported_with_its_pointer_and_future_times_are_refused()
    {
        using var w = await CreateAsync(app);

        var body = await PublishRawAsync(w.AsVendor,
        [
            new { externalId = "bad", type = "adopt.active_users", customerId = "C1", occurredAt = DateTimeOffset.UtcNow.AddMinutes(10), payload = new { activeUsers = "many", extra = 1 } },
        ]);

        var errors = ErrorsOf(body, 0);
        Assert.Contains("occurredAt", errors.Keys);
        Assert.Contains("payload/activeUsers", errors.Keys);
        Assert.Contains("payload/extra", errors.Keys);
        Assert.Contains("payload", errors.Keys); // licensedUsers is missing
    }

    [Fact]
    public async Task Payload_errors_stay_with_their_own_items_in_a_large_batch()
    {
        using var w = await CreateAsync(app);
        // Payloads are validated in parallel: every seventh one is invalid, in its own way.
        var signals = Enumerable.Range(0, 700).Select(i => i % 7 == 3
            ? new { externalId = $"mixed-{i}", type = "adopt.active_users", customerId = "C2", occurredAt = DateTimeOffset.Parse("2026-11-01T00:00:00Z"), payload = (object)new { activeUsers = i, licensedUsers = -i } }
            : new { externalId = $"mixed-{i}", type = "adopt.active_users", customerId = "C2", occurredAt = DateTimeOffset.Parse("2026-11-01T00:00:00Z"), payload = (object)new { activeUsers = i, licensedUsers = 1000 } }).ToArray<object>();

        var body = await PublishRawAsync(w.AsVendor, signals);

        Assert.Equal(600, body.GetProperty("accepted").GetInt32());
        for (var i = 0; i < signals.Length; i++)
        {
            var result = body.GetProperty("results")[i];
            Assert.Equal(i, result.GetProperty("index").GetInt32());
            Assert.Equal(i % 7 == 3 ? "rejected" : "created", result.GetProperty("status").GetString());
            if (i % 7 == 3)
            {
                Assert.Equal(["payload/licensedUsers"], ErrorsOf(body, i).Keys);
            }
        }
    }

    [Fact]
    public async Task Atomic_publishing_stores_nothing_when_one_item_is_invalid()
    {
        using var w = await CreateAsync(app);

        var response = await w.AsVendor.PostAsJsonAsync("/v1/signals?atomic=true", new { signals = new[] { ActiveUsers("atomic-ok", "C1"), ActiveUsers("atomic-bad", "C404") } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "batch-rejected");
        Assert.Equal(1, problem.GetProperty("results")[0].GetProperty("index").GetInt32());
        var list = await (await w.AsVendor.GetAsync("/v1/signals?customerId=C1")).AssertOkAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_full_batch_about_many_customers_is_stored_and_found_again_when_republished()
    {
        using var w = await CreateAsync(app);
        var customers = Enumerable.Range(0, 400).Select(i => new { id = $"many-customer-{i:D4}", name = $"Customer {i}" }).ToArray();
        (await w.AsVendor.PostAsJsonAsync("/v1/customers/batch", new { customers })).EnsureSuccessStatusCode();
        // 1,000 signals: their external ids and customer ids are looked up as JSON arrays far longer than 4,000 characters.
        var signals = Enumerable.Range(0, 1000).Select(i => ActiveUsers($"many-signal-{i:D4}", customers[i % customers.Length].id, DateTimeOffset.Parse("2026-11-01T00:00:00Z").AddMinutes(i))).ToArray();

        var first = await PublishRawAsync(w.AsVendor, signals);
        var again = await PublishRawAsync(w.AsVendor, signals);

        Assert.Equal(1000, first.GetProperty("accepted").GetInt32());
        Assert.All(first.GetProperty("results").EnumerateArray(), r => Assert.Equal("created", r.GetProperty("status").GetString()));
        Assert.All(again.GetProperty("results").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("status").GetString()));
        Assert.Equal(first.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()),
            again.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task More_than_1000_signals_is_413()
    {
        using var w = await CreateAsync(app);

        var response = await w.AsVendor.PostAsJsonAsync("/v1/signals", new { signals = Enumerable.Range(0, 1001).Select(i => ActiveUsers($"s{i}", "C1")) });

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Publishing_needs_the_exchange_write_scope()
    {
        var vendor = await app.CreatePartyAsync("vendor", "exchange.read");
        using var http = await app.AsAsync(vendor);

        await (await http.PostAsJsonAsync("/v1/signals", new { signals = new[] { ActiveUsers("x", "C1") } })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }
}

public sealed class PublishOnSqlite(SqliteApp app) : PublishTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class PublishOnPostgres(PostgresApp app) : PublishTests(app), IClassFixture<PostgresApp>;
