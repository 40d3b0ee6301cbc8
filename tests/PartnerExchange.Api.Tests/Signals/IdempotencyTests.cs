using System.Net;
using System.Net.Http.Json;
using Dapper;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Signals;

public abstract class IdempotencyTests(ApiApp app)
{
    private static HttpRequestMessage Post(string key, object body) =>
        new(HttpMethod.Post, "/v1/signals") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

    private async Task ExecuteAsync(string sql, object parameters)
    {
        var db = new Db(new DatabaseOptions { Provider = app.Provider, ConnectionString = app.ConnectionString });
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    [Fact]
    public async Task The_same_key_and_body_replays_the_first_response()
    {
        using var w = await CreateAsync(app);
        var body = new { signals = new[] { ActiveUsers("idem-1", "C1") } };

        var first = await w.AsVendor.SendAsync(Post("key-1", body));
        var second = await w.AsVendor.SendAsync(Post("key-1", body));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("created", (await second.JsonAsync()).GetProperty("results")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        using var w = await CreateAsync(app);
        (await w.AsVendor.SendAsync(Post("key-2", new { signals = new[] { ActiveUsers("idem-2", "C1") } }))).EnsureSuccessStatusCode();

        var reused = await w.AsVendor.SendAsync(Post("key-2", new { signals = new[] { ActiveUsers("idem-3", "C1") } }));

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
    }

    [Fact]
    public async Task A_key_whose_first_request_is_still_running_is_409()
    {
        using var w = await CreateAsync(app);
        var now = DateTimeOffset.UtcNow;
        await ExecuteAsync("INSERT INTO idempotency_keys (client_id, idem_key, request_hash, status, created_at, expires_at) VALUES (@c, 'key-3', 'x', 'running', @now, @later)",
            new { c = w.Vendor.ClientId, now, later = now.AddHours(24) });

        var response = await w.AsVendor.SendAsync(Post("key-3", new { signals = new[] { ActiveUsers("idem-4", "C1") } }));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "idempotency-key-in-use");
    }

    [Fact]
    public async Task Keys_belong_to_one_client_and_expire_after_a_day()
    {
        using var w = await CreateAsync(app);
        (await w.AsA.SendAsync(Post("shared-key", new { signals = new[] { Onboarding("idem-5", w.PA, customerId: "C1") } }))).EnsureSuccessStatusCode();

        var otherClient = await w.AsVendor.SendAsync(Post("shared-key", new { signals = new[] { ActiveUsers("idem-6", "C1") } }));
        await ExecuteAsync("UPDATE idempotency_keys SET expires_at = @past WHERE client_id = @c", new { c = w.A.ClientId, past = DateTimeOffset.UtcNow.AddHours(-1) });
        var afterExpiry = await w.AsA.SendAsync(Post("shared-key", new { signals = new[] { Onboarding("idem-7", w.PA, customerId: "C1") } }));

        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterExpiry.StatusCode);
        Assert.False(afterExpiry.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_key_over_255_characters_is_400()
    {
        using var w = await CreateAsync(app);

        var response = await w.AsVendor.SendAsync(Post(new string('k', 256), new { signals = new[] { ActiveUsers("idem-8", "C1") } }));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_rejected_atomic_batch_is_replayed_as_the_same_problem()
    {
        using var w = await CreateAsync(app);
        var body = new { signals = new[] { ActiveUsers("idem-9", "C404") } };

        var first = await w.AsVendor.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/signals?atomic=true") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "key-9" } } });
        var second = await w.AsVendor.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/signals?atomic=true") { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "key-9" } } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        await second.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "batch-rejected");
    }
}

public sealed class IdempotencyOnSqlite(SqliteApp app) : IdempotencyTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class IdempotencyOnPostgres(PostgresApp app) : IdempotencyTests(app), IClassFixture<PostgresApp>;
