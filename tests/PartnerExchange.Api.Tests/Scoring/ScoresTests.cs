using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Tests.Signals;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Scoring;

public abstract class ScoresTests(ApiApp app)
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.UtcNow;

    private static object Vendor(string externalId, string type, string customerId, int daysAgo, object payload) =>
        new { externalId, type, customerId, occurredAt = s_now.AddDays(-daysAgo), payload };

    private static object Partner(string externalId, string type, string partnershipId, string customerId, int daysAgo, object payload) =>
        new { externalId, type, customerId, partnershipId, occurredAt = s_now.AddDays(-daysAgo), payload };

    /// <summary>
    /// A's data: an onboarding at C1 ten days ago; the vendor's active users at C1 five days ago (80 of 100), a deal
    /// closed at C1 yesterday (1,000) and a renewal at C2 (no partner action there).
    /// </summary>
    private static async Task PublishAsync(ExchangeWorld w)
    {
        await ExchangeWorld.PublishAsync(w.AsA, Partner("ob", "adopt.onboarding_session", w.PA, "C1", 10, new { sessionType = "kickoff" }));
        await ExchangeWorld.PublishAsync(w.AsVendor,
            Vendor("au", "adopt.active_users", "C1", 5, new { activeUsers = 80, licensedUsers = 100 }),
            Vendor("deal", "land.deal_closed", "C1", 1, new { dealId = "D1", amount = 1000, currency = "EUR" }),
            Vendor("ren", "renew.renewed", "C2", 1, new { amount = 500, currency = "EUR" }));
    }

    private static JsonElement Component(JsonElement score, string key) => score.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);

    /// <summary>
    /// outcomes: the C1 deal credited to A (1,000) + the C2 renewal unattributed = 1,000 of 2 outcomes; cohort of 2 → target 100,000 → 0.01 → 0.3 points.
    /// adoption 0.8 → 20; retention 1 of 1 → 20; reciprocity: onboarding at C1 but not C2 → 0.5 → 7.5; convergence 1 of 1 → 10. Score 57.8.
    /// </summary>
    [Fact]
    public async Task The_score_explains_every_component_from_the_data()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);

        var score = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score")).AssertOkAsync();

        Assert.Equal((1000, 2, "target", 0.3), (Component(score, "outcomes").GetProperty("raw").GetDouble(), Component(score, "outcomes").GetProperty("evidence").GetInt32(),
            Component(score, "outcomes").GetProperty("normalization").GetString(), Component(score, "outcomes").GetProperty("points").GetDouble()));
        Assert.Equal(20, Component(score, "adoption").GetProperty("points").GetDouble(), 6);
        Assert.Equal(20, Component(score, "retention").GetProperty("points").GetDouble(), 6);
        Assert.Equal(0.5, Component(score, "reciprocity").GetProperty("raw").GetDouble(), 6);
        Assert.Equal(10, Component(score, "convergence").GetProperty("points").GetDouble(), 6);
        Assert.Equal(57.8, score.GetProperty("score").GetDouble());
        Assert.Equal("Established", score.GetProperty("tier").GetString());
        Assert.Equal("default", score.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal(2, score.GetProperty("cohort").GetProperty("size").GetInt32());
        Assert.Contains(score.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("customerId").GetString() == "C2" && r.GetProperty("code").GetString() == "obligation_late");
        Assert.Contains(score.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("executive sponsor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_score_before_any_data_is_null_and_says_why()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        var before = Uri.EscapeDataString(s_now.AddDays(-30).ToString("O"));

        var score = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score?asOf={before}")).AssertOkAsync();

        Assert.Equal(JsonValueKind.Null, score.GetProperty("score").ValueKind);
        Assert.Equal(0, score.GetProperty("confidence").GetDouble());
        Assert.All(score.GetProperty("components").EnumerateArray(), c => Assert.Equal("insufficient_data", c.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Only_the_two_parties_read_a_score_and_a_partner_never_sees_the_cohort()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);

        var own = await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/score");
        var body = await own.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(body).RootElement.GetProperty("cohort").ValueKind);
        Assert.DoesNotContain("readiness", body, StringComparison.Ordinal);
        Assert.DoesNotContain(w.B.Id, body, StringComparison.Ordinal);
        Assert.DoesNotContain(w.PB, body, StringComparison.Ordinal);
        await (await w.AsB.GetAsync($"/v1/partnerships/{w.PA}/score")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsX.GetAsync($"/v1/partnerships/{w.PA}/score")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsX.GetAsync($"/v1/partnerships/{w.PA}/score/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_vendor_ranks_its_partnerships_with_percentiles()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        await ExchangeWorld.PublishAsync(w.AsVendor, Vendor("au-low", "adopt.active_users", "C1", 2, new { activeUsers = 10, licensedUsers = 100 }));

        var ranking = await (await w.AsVendor.GetAsync("/v1/scores")).AssertOkAsync();

        var items = ranking.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([w.PA, w.PB], items.Select(i => i.GetProperty("partnershipId").GetString()));
        Assert.Equal([1, 2], items.Select(i => i.GetProperty("rank").GetInt32()));
        Assert.Equal([1.0, 0.0], items.Select(i => i.GetProperty("percentile").GetDouble()));
        Assert.Equal(w.A.Id, items[0].GetProperty("partnerId").GetString());
        Assert.Equal((items[0].GetProperty("score").GetDouble() + items[1].GetProperty("score").GetDouble()) / 2, items[0].GetProperty("cohortMedian").GetDouble(), 6);
    }

    [Fact]
    public async Task A_partner_sees_its_own_scores_and_the_cohort_only_from_five_partnerships()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        var small = await (await w.AsA.GetAsync("/v1/scores")).AssertOkAsync();
        var item = Assert.Single(small.GetProperty("items").EnumerateArray());
        Assert.Equal(w.PA, item.GetProperty("partnershipId").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("percentile").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("cohortMedian").ValueKind);

        var others = new List<(string Partner, string Partnership)>();
        for (var i = 0; i < 3; i++)
        {
            var partner = await app.CreatePartyAsync("partner");
            var partnership = await app.CreatePartnershipAsync(w.Vendor.Id, partner.Id);
            (await w.AsVendor.PostAsJsonAsync($"/v1/partnerships/{partnership}/customers", new { customerId = "C3" })).EnsureSuccessStatusCode();
            others.Add((partner.Id, partnership));
        }

        await ExchangeWorld.PublishAsync(w.AsVendor, Vendor("au-c3", "adopt.active_users", "C3", 1, new { activeUsers = 50, licensedUsers = 100 }));
        var response = await w.AsA.GetAsync("/v1/scores");
        var body = await response.Content.ReadAsStringAsync();
        item = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray());

        Assert.Equal(5, item.GetProperty("cohortSize").GetInt32());
        Assert.Equal(50, item.GetProperty("cohortMedian").GetDouble(), 6);
        Assert.True(item.GetProperty("percentile").GetDouble() > 0.5);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("rank").ValueKind);
        foreach (var id in others.SelectMany(o => new[] { o.Partner, o.Partnership }).Append(w.B.Id).Append(w.PB))
        {
            Assert.DoesNotContain(id, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task History_replays_the_score_each_month()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        var now = DateTimeOffset.UtcNow;
        var from = Uri.EscapeDataString(now.AddMonths(-2).ToString("O"));
        var to = Uri.EscapeDataString(now.ToString("O"));

        var history = await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/score/history?from={from}&to={to}&interval=month")).AssertOkAsync();

        var points = history.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(3, points.Count);
        Assert.Equal(JsonValueKind.Null, points[0].GetProperty("score").ValueKind);
        Assert.Equal(57.8, points[2].GetProperty("score").GetDouble());
    }

    [Theory]
    [InlineData("?interval=week", "interval")]
    [InlineData("?from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z", "from")]
    [InlineData("?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task History_refuses_bad_ranges(string query, string field)
    {
        using var w = await CreateAsync(app);

        var problem = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score/history{query}")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_vendor_model_is_versioned_listed_and_used_for_scores()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        var definition = new
        {
            key = "adoption-first", name = "Adoption first",
            components = new[] { new { key = "adoption", weight = 100, normalization = new { method = "ratio" } } },
        };

        var first = await (await w.AsVendor.PostAsJsonAsync("/v1/scoring-models", definition)).AssertOkAsync(HttpStatusCode.Created);
        var second = await (await w.AsVendor.PostAsJsonAsync("/v1/scoring-models", definition with { name = "Adoption first, again" })).AssertOkAsync(HttpStatusCode.Created);
        var list = await (await w.AsVendor.GetAsync("/v1/scoring-models")).AssertOkAsync();
        var score = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score")).AssertOkAsync();
        var pinned = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score?model={first.GetProperty("id").GetString()}")).AssertOkAsync();
        var byDefault = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score?model=default")).AssertOkAsync();

        Assert.Equal((1, 2), (first.GetProperty("version").GetInt32(), second.GetProperty("version").GetInt32()));
        Assert.Equal(["default", first.GetProperty("id").GetString(), second.GetProperty("id").GetString()], list.GetProperty("items").Strings("id"));
        Assert.Equal([false, false, true], list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("active").GetBoolean()));
        Assert.Equal((second.GetProperty("id").GetString(), 80.0), (score.GetProperty("model").GetProperty("id").GetString(), score.GetProperty("score").GetDouble()));
        Assert.Equal(1, pinned.GetProperty("model").GetProperty("version").GetInt32());
        Assert.Equal(57.8, byDefault.GetProperty("score").GetDouble());
        await (await w.AsA.GetAsync($"/v1/scoring-models/{first.GetProperty("id").GetString()}")).AssertOkAsync();
        await (await w.AsX.GetAsync($"/v1/scoring-models/{first.GetProperty("id").GetString()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await w.AsX.GetAsync($"/v1/partnerships/{w.PX}/score?model={first.GetProperty("id").GetString()}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_invalid_model_is_refused_with_every_error()
    {
        using var w = await CreateAsync(app);

        var problem = await (await w.AsVendor.PostAsJsonAsync("/v1/scoring-models", new
        {
            key = "Bad Key", name = "x", windowDays = 5,
            attribution = new { model = "w_shaped", lookbackDays = 90, halfLifeDays = 30 },
            components = new object[]
            {
                new { key = "outcomes", weight = 60, normalization = new { method = "target", target = 0 } },
                new { key = "karma", weight = 30, normalization = new { method = "ratio" } },
            },
        })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(["attribution.model", "components", "components[0].normalization.target", "components[1].key", "key", "windowDays"],
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Only_a_vendor_creates_models()
    {
        using var w = await CreateAsync(app);

        await (await w.AsA.PostAsJsonAsync("/v1/scoring-models", new { key = "k", name = "n", components = Array.Empty<object>() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Fact]
    public async Task Program_settings_feed_readiness_and_score_warnings()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w);
        var empty = await (await w.AsVendor.GetAsync("/v1/program")).AssertOkAsync();
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("executiveSponsor").ValueKind);

        var invalid = await (await w.AsVendor.PutAsJsonAsync("/v1/program", new { reviewCadenceDays = 0, lastReviewOn = "2999-01-01", scoreUses = new[] { "a", "a" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["lastReviewOn", "reviewCadenceDays", "scoreUses"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var saved = await (await w.AsVendor.PutAsJsonAsync("/v1/program", new { executiveSponsor = "Ada Lovelace", reviewCadenceDays = 90, lastReviewOn = today, scoreUses = new[] { "tiering" } })).AssertOkAsync();
        Assert.Equal("Ada Lovelace", saved.GetProperty("executiveSponsor").GetString());
        Assert.Equal(today, (await (await w.AsVendor.GetAsync("/v1/program")).AssertOkAsync()).GetProperty("lastReviewOn").GetString());

        var readiness = await (await w.AsVendor.GetAsync("/v1/readiness")).AssertOkAsync();
        var pillars = readiness.GetProperty("pillars").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("score").GetDouble());
        Assert.Equal(["definition", "attribution", "leadership", "reciprocity", "convergence"], pillars.Keys);
        Assert.Equal(100, pillars["leadership"]);
        Assert.Equal(75, pillars["definition"]);   // land, adopt, renew have data; no expand signal
        Assert.Equal(50, pillars["attribution"]);  // the deal follows A's onboarding; the renewal has no action
        Assert.Equal(100, pillars["convergence"]);
        Assert.InRange(readiness.GetProperty("level").GetInt32(), 1, 5);

        var score = await (await w.AsVendor.GetAsync($"/v1/partnerships/{w.PA}/score")).AssertOkAsync();
        Assert.DoesNotContain(score.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("readiness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Program_and_readiness_are_the_vendors()
    {
        using var w = await CreateAsync(app);

        await (await w.AsA.GetAsync("/v1/program")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await w.AsA.GetAsync("/v1/readiness")).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        using var readOnly = await app.AsAsync(w.Vendor, "scores.read");
        await (await readOnly.PutAsJsonAsync("/v1/program", new { executiveSponsor = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }
}

public sealed class ScoresOnSqlite(SqliteApp app) : ScoresTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ScoresOnPostgres(PostgresApp app) : ScoresTests(app), IClassFixture<PostgresApp>;
