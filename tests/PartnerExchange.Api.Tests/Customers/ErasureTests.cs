using System.Net;
using System.Net.Http.Json;
using Dapper;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Customers;

public abstract class ErasureTests(ApiApp app)
{
    private const string Customer = "ERASE-CUST-77";
    private const string Marker = "erase-marker-4711";

    /// <summary>Every row of every table, as text, with the table it came from.</summary>
    private async Task<List<(string Table, string Row)>> EveryRowAsync()
    {
        var db = new Db(new DatabaseOptions { Provider = app.Provider, ConnectionString = app.ConnectionString });
        await using var connection = await db.OpenAsync();
        var tables = await connection.QueryAsync<string>(app.Provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        var rows = new List<(string, string)>();
        foreach (var table in tables)
        {
            foreach (IDictionary<string, object?> row in await connection.QueryAsync($"SELECT * FROM {table}"))
            {
                rows.Add((table, string.Join(" | ", row.Select(c => $"{c.Key}={c.Value}"))));
            }
        }

        return rows;
    }

    [Fact]
    public async Task Erasing_a_customer_leaves_nothing_but_tombstones()
    {
        using var w = await CreateAsync(app);
        (await w.AsVendor.PutAsJsonAsync($"/v1/customers/{Customer}", new { name = $"Name {Marker}", domain = "erase-me.com" })).EnsureSuccessStatusCode();
        (await w.AsVendor.PostAsJsonAsync($"/v1/partnerships/{w.PA}/customers", new { customerId = Customer, partnerAccountRef = $"ref-{Marker}" })).EnsureSuccessStatusCode();
        (await w.AsB.PostAsJsonAsync($"/v1/partnerships/{w.PB}/customers", new { domain = "erase-me.com", partnerAccountRef = $"claim-{Marker}" })).EnsureSuccessStatusCode();
        await PublishAsync(w.AsVendor, new { externalId = $"v-{Marker}", type = "adopt.health_score", customerId = Customer, occurredAt = DateTimeOffset.UtcNow, payload = new { score = 40, reason = Marker } });
        await PublishAsync(w.AsA, new
        {
            externalId = $"a-{Marker}", type = "adopt.onboarding_session", customerId = Customer, partnershipId = w.PA, occurredAt = DateTimeOffset.UtcNow,
            payload = new { sessionType = Marker },
        });
        Assert.Contains(await EveryRowAsync(), r => r.Row.Contains(Marker, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await w.AsVendor.DeleteAsync($"/v1/customers/{Customer}")).StatusCode);

        var rows = await EveryRowAsync();
        Assert.DoesNotContain(rows, r => r.Row.Contains(Marker, StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Row.Contains("erase-me.com", StringComparison.Ordinal));
        Assert.All(rows.Where(r => r.Row.Contains(Customer, StringComparison.Ordinal)), r =>
        {
            Assert.Equal("changes", r.Table);
            Assert.Contains("op=delete", r.Row, StringComparison.Ordinal);
        });
        await (await w.AsVendor.GetAsync($"/v1/customers/{Customer}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_partner_that_was_linked_receives_the_erasure_in_its_feed()
    {
        using var w = await CreateAsync(app);
        (await w.AsVendor.PutAsJsonAsync($"/v1/customers/{Customer}", new { name = "To erase" })).EnsureSuccessStatusCode();
        (await w.AsVendor.PostAsJsonAsync($"/v1/partnerships/{w.PA}/customers", new { customerId = Customer })).EnsureSuccessStatusCode();

        (await w.AsVendor.DeleteAsync($"/v1/customers/{Customer}")).EnsureSuccessStatusCode();

        var feedA = await (await w.AsA.GetAsync("/v1/feed?limit=1000")).AssertOkAsync();
        var feedB = await (await w.AsB.GetAsync("/v1/feed?limit=1000")).AssertOkAsync();
        Assert.Contains(feedA.GetProperty("items").EnumerateArray(), i => i.GetProperty("entity").GetString() == "customer" && i.GetProperty("op").GetString() == "delete");
        Assert.DoesNotContain(Customer, feedB.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_vendor_erases_and_an_unknown_customer_is_404()
    {
        using var w = await CreateAsync(app);

        await (await w.AsA.DeleteAsync("/v1/customers/C1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsVendor.DeleteAsync("/v1/customers/NOPE")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsVendor.GetAsync("/v1/customers/C1")).AssertOkAsync();
    }
}

public sealed class ErasureOnSqlite(SqliteApp app) : ErasureTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ErasureOnPostgres(PostgresApp app) : ErasureTests(app), IClassFixture<PostgresApp>;
