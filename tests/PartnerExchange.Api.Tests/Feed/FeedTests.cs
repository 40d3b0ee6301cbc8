using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Tests.Signals;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Feed;

public abstract class FeedTests(ApiApp app)
{
    private sealed record Entry(long Position, string Op, string Entity, JsonElement Data);

    /// <summary>Follows the feed from <paramref name="cursor"/> until a page says nothing more is committed.</summary>
    private static async Task<(List<Entry> Entries, string Cursor)> DrainAsync(HttpClient http, string? cursor = null, int limit = 7)
    {
        var entries = new List<Entry>();
        while (true)
        {
            var page = await (await http.GetAsync($"/v1/feed?limit={limit}{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            entries.AddRange(page.GetProperty("items").EnumerateArray().Select(i => new Entry(
                i.GetProperty("position").GetInt64(), i.GetProperty("op").GetString()!, i.GetProperty("entity").GetString()!, i.GetProperty("data").Clone())));
            cursor = page.GetProperty("nextCursor").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return (entries, cursor!);
            }
        }
    }

    private static HashSet<string> Keys(IEnumerable<Entry> entries, string entity, string property = "id") =>
        entries.Where(e => e.Entity == entity && e.Op == "upsert").Select(e => e.Data.GetProperty(property).GetString()!).ToHashSet();

    [Fact]
    public async Task Each_caller_follows_exactly_what_it_may_see()
    {
        using var w = await CreateAsync(app);
        var vendorSignals = await PublishAsync(w.AsVendor, ActiveUsers("f-c1", "C1"), ActiveUsers("f-c2", "C2"), ActiveUsers("f-c3", "C3"),
            new { externalId = "f-health", type = "adopt.health_score", customerId = "C1", occurredAt = DateTimeOffset.UtcNow, payload = new { score = 50 } });
        var aSignal = (await PublishAsync(w.AsA, Onboarding("f-a", w.PA, customerId: "C1")))[0];
        var bSignal = (await PublishAsync(w.AsB, Onboarding("f-b", w.PB, customerId: "C1")))[0];

        var vendor = (await DrainAsync(w.AsVendor)).Entries;
        var a = (await DrainAsync(w.AsA)).Entries;
        var b = (await DrainAsync(w.AsB)).Entries;
        var x = (await DrainAsync(w.AsX)).Entries;

        Assert.Equal(vendorSignals.Append(aSignal).Append(bSignal).Order(), Keys(vendor, "signal").Order());
        Assert.Equal(["C1", "C2", "C3"], Keys(vendor, "customer").Order());
        Assert.Equal(new[] { vendorSignals[0], vendorSignals[1], aSignal }.Order(), Keys(a, "signal").Order());
        Assert.Equal(["C1", "C2"], Keys(a, "customer").Order());
        Assert.Equal([bSignal], Keys(b, "signal"));
        Assert.Equal(["C1"], Keys(b, "customer"));
        Assert.All(a.Where(e => e.Entity is "link" or "contract"), e => Assert.Equal(w.PA, e.Data.GetProperty("partnershipId").GetString()));
        Assert.All(b.Where(e => e.Entity is "link" or "contract"), e => Assert.Equal(w.PB, e.Data.GetProperty("partnershipId").GetString()));
        Assert.DoesNotContain(x, e => e.Data.GetRawText().Contains(w.Vendor.Id, StringComparison.Ordinal));
        var projected = a.Single(e => e.Entity == "signal" && e.Data.GetProperty("id").GetString() == vendorSignals[0]);
        Assert.Equal(["activeUsers"], projected.Data.GetProperty("payload").EnumerateObject().Select(p => p.Name));
        // The feed's view of a vendor signal is the one reading it by id gives: its partnership, its cut payload.
        var byId = await (await w.AsA.GetAsync($"/v1/signals/{vendorSignals[0]}")).AssertOkAsync();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(byId.GetRawText()), JsonNode.Parse(projected.Data.GetRawText())), $"{byId} != {projected.Data}");
    }

    [Fact]
    public async Task Positions_increase_and_no_change_appears_twice_across_pages()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsVendor, Enumerable.Range(0, 12).Select(i => ActiveUsers($"p{i}", "C1")).ToArray());

        var entries = (await DrainAsync(w.AsVendor, limit: 5)).Entries;

        Assert.Equal(entries.Select(e => e.Position).Order(), entries.Select(e => e.Position));
        Assert.Equal(entries.Count, entries.Select(e => e.Position).Distinct().Count());
    }

    [Fact]
    public async Task A_deleted_signal_leaves_a_tombstone_for_those_who_saw_it()
    {
        using var w = await CreateAsync(app);
        var id = (await PublishAsync(w.AsA, Onboarding("to-delete", w.PA, customerId: "C1")))[0];
        var cursorVendor = (await DrainAsync(w.AsVendor)).Cursor;
        var cursorA = (await DrainAsync(w.AsA)).Cursor;

        (await w.AsA.DeleteAsync($"/v1/signals/{id}")).EnsureSuccessStatusCode();

        foreach (var (http, cursor) in new[] { (w.AsVendor, cursorVendor), (w.AsA, cursorA) })
        {
            var tombstone = Assert.Single((await DrainAsync(http, cursor)).Entries);
            Assert.Equal(("delete", "signal", id), (tombstone.Op, tombstone.Entity, tombstone.Data.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task A_deleted_vendor_signal_reaches_the_partner_that_saw_it_as_a_tombstone_of_its_partnership()
    {
        using var w = await CreateAsync(app);
        var id = (await PublishAsync(w.AsVendor, ActiveUsers("vendor-to-delete", "C1")))[0];
        var cursorA = (await DrainAsync(w.AsA)).Cursor;
        var cursorB = (await DrainAsync(w.AsB)).Cursor;

        (await w.AsVendor.DeleteAsync($"/v1/signals/{id}")).EnsureSuccessStatusCode();

        var tombstone = Assert.Single((await DrainAsync(w.AsA, cursorA)).Entries);
        Assert.Equal(("delete", "signal", id, w.PA),
            (tombstone.Op, tombstone.Entity, tombstone.Data.GetProperty("id").GetString(), tombstone.Data.GetProperty("partnershipId").GetString()));
        Assert.Empty((await DrainAsync(w.AsB, cursorB)).Entries); // B's contract entitles it to no vendor signals
    }

    [Fact]
    public async Task A_types_filter_keeps_only_those_signal_types()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsVendor, ActiveUsers("t-1", "C1"),
            new { externalId = "t-2", type = "adopt.health_score", customerId = "C1", occurredAt = DateTimeOffset.UtcNow, payload = new { score = 50 } });

        var page = await (await w.AsVendor.GetAsync("/v1/feed?limit=1000&types=adopt.health_score")).AssertOkAsync();

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("adopt.health_score", item.GetProperty("data").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_partners_page_is_filled_past_changes_it_may_not_see()
    {
        using var other = await CreateAsync(app); // changes of another program come first in the log
        await PublishAsync(other.AsVendor, Enumerable.Range(0, 30).Select(i => ActiveUsers($"noise-{i}", "C1")).ToArray());
        using var w = await CreateAsync(app);

        var page = await (await w.AsA.GetAsync("/v1/feed?limit=3")).AssertOkAsync();

        Assert.Equal(3, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task A_bad_cursor_is_400()
    {
        using var w = await CreateAsync(app);

        await (await w.AsVendor.GetAsync("/v1/feed?cursor=bm90LWEtbnVtYmVy")).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Concurrent_writers_and_a_concurrent_reader_see_every_change_exactly_once()
    {
        using var w = await CreateAsync(app);
        var start = (await DrainAsync(w.AsVendor)).Cursor;
        var published = new ConcurrentBag<string>();
        var seen = new List<Entry>();
        var writersDone = false;

        var reader = Task.Run(async () =>
        {
            var cursor = start;
            while (true)
            {
                var done = Volatile.Read(ref writersDone);
                var (entries, next) = await DrainAsync(w.AsVendor, cursor, limit: 13);
                seen.AddRange(entries);
                cursor = next;
                if (done)
                {
                    return; // one full drain after every writer finished
                }
            }
        });
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 8; batch++)
            {
                var ids = await PublishAsync(w.AsVendor, Enumerable.Range(0, 5).Select(i => ActiveUsers($"w{writer}-b{batch}-{i}", i % 2 == 0 ? "C1" : "C2")).ToArray());
                foreach (var id in ids)
                {
                    published.Add(id);
                }
            }
        })).ToList();

        await Task.WhenAll(writers);
        Volatile.Write(ref writersDone, true);
        await reader;

        var signalIds = seen.Where(e => e.Entity == "signal").Select(e => e.Data.GetProperty("id").GetString()!).ToList();
        Assert.Equal(160, published.Count);
        Assert.Equal(published.Order(), signalIds.Order());
        Assert.Equal(seen.Select(e => e.Position).Order(), seen.Select(e => e.Position));
    }
}

public sealed class FeedOnSqlite(SqliteApp app) : FeedTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class FeedOnPostgres(PostgresApp app) : FeedTests(app), IClassFixture<PostgresApp>;
