using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Tests.Signals;
using PartnerExchange.Domain.Webhooks;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Webhooks;

/// <summary>Every event reaches exactly the subscriptions whose party may see it, once, signed, with the entitled projection.</summary>
public abstract class WebhookEventsTests(WebhookApp app)
{
    /// <summary>Subscribes to <paramref name="events"/>, by default every event but score.changed (whose checks run on their own).</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(HttpClient http, string url, params string[] events)
    {
        var all = WebhookEvents.All.Where(e => e != WebhookEvents.ScoreChanged).ToArray();
        var body = await (await http.PostAsJsonAsync("/v1/webhooks", new { url, events = events.Length == 0 ? all : events, description = "test" }))
            .AssertOkAsync(HttpStatusCode.Created);
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    public static object Onboard(ExchangeWorld w, string id, string customer, DateTimeOffset at) => new
    {
        externalId = id, type = "adopt.onboarding_session", customerId = customer, partnershipId = w.PA, occurredAt = at, payload = new { sessionType = "kickoff" },
    };

    [Fact]
    public async Task Signals_reach_exactly_the_parties_that_may_see_them_signed_and_projected()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        var vendor = await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"));
        var a = await SubscribeAsync(w.AsA, receiver.Url("/a"));
        await SubscribeAsync(w.AsB, receiver.Url("/b"));
        await SubscribeAsync(w.AsX, receiver.Url("/x"));

        var usage = (await PublishAsync(w.AsVendor, ActiveUsers("wh-au", "C1", app.Clock.GetUtcNow())))[0];
        var onboarding = (await PublishAsync(w.AsA, Onboard(w, "wh-ob", "C1", app.Clock.GetUtcNow())))[0];
        await (await w.AsA.DeleteAsync($"/v1/signals/{onboarding}")).AssertOkAsync(HttpStatusCode.NoContent);
        await app.RunWebhooksAsync();
        await app.RunWebhooksAsync(); // a second round sends nothing again

        var toVendor = receiver.At("/vendor");
        Assert.Equal(["signal.published", "signal.published", "signal.deleted"], toVendor.Select(r => r.Type));
        Assert.Equal(3, toVendor.Select(r => r.Id).Distinct().Count());
        Assert.All(toVendor, r => r.Verify(vendor.Secret));
        Assert.Equal(usage, toVendor[0].Data.GetProperty("id").GetString());
        Assert.Equal(100, toVendor[0].Data.GetProperty("payload").GetProperty("licensedUsers").GetInt32());

        var toA = receiver.At("/a");
        Assert.Equal(["signal.published", "signal.published", "signal.deleted"], toA.Select(r => r.Type));
        Assert.All(toA, r => r.Verify(a.Secret));
        var projected = toA[0].Data.GetProperty("payload");
        Assert.Equal(["activeUsers"], projected.EnumerateObject().Select(p => p.Name)); // A's entitlement allows only activeUsers
        Assert.Empty(receiver.At("/b"));   // B has no entitlement and never sees A's signals
        Assert.Empty(receiver.At("/x"));   // another vendor's partner
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => toA[0].Verify(vendor.Secret));
    }

    [Fact]
    public async Task Links_and_contracts_raise_their_events_for_both_parties()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "customer.link_requested", "customer.linked", "contract.proposed", "contract.activated", "contract.terminated");
        await SubscribeAsync(w.AsA, receiver.Url("/a"), "customer.link_requested", "customer.linked", "contract.proposed", "contract.activated", "contract.terminated");
        await SubscribeAsync(w.AsB, receiver.Url("/b"));

        (await w.AsA.PostAsJsonAsync($"/v1/partnerships/{w.PA}/customers", new { customerId = "C3", partnerAccountRef = "A-3" })).EnsureSuccessStatusCode();
        (await w.AsVendor.PostAsync($"/v1/partnerships/{w.PA}/customers/C3/approve", null)).EnsureSuccessStatusCode();
        await ActivateAsync(w.AsVendor, w.AsA, w.PA, entitlements: []);
        (await w.AsA.PostAsync($"/v1/partnerships/{w.PA}/contracts/2/terminate", null)).EnsureSuccessStatusCode();
        await app.RunWebhooksAsync();

        string[] expected = ["customer.link_requested", "customer.linked", "contract.proposed", "contract.activated", "contract.terminated"];
        Assert.Equal(expected, receiver.At("/vendor").Select(r => r.Type));
        Assert.Equal(expected, receiver.At("/a").Select(r => r.Type));
        Assert.Equal("C3", receiver.At("/a")[1].Data.GetProperty("customerId").GetString());
        Assert.Equal(2, receiver.At("/a")[3].Data.GetProperty("version").GetInt32());
        Assert.Empty(receiver.At("/b"));
    }

    [Fact]
    public async Task After_a_rotation_deliveries_carry_both_signatures_for_a_day()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        var (id, oldSecret) = await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "signal.published");

        var rotated = await (await w.AsVendor.PostAsync($"/v1/webhooks/{id}/rotate-secret", null)).AssertOkAsync();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        await PublishAsync(w.AsVendor, ActiveUsers("rot-1", "C1", app.Clock.GetUtcNow()));
        await app.RunWebhooksAsync();

        var received = Assert.Single(receiver.At("/vendor"));
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(2, received.Signature.Split(' ').Length);
        received.Verify(newSecret);
        received.Verify(oldSecret);
        Assert.True(rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset() > app.Clock.GetUtcNow().AddHours(23));
    }

    [Fact]
    public async Task A_score_that_moves_is_pushed_to_the_vendor_and_its_partner_only()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "score.changed");
        await SubscribeAsync(w.AsA, receiver.Url("/a"), "score.changed");
        await SubscribeAsync(w.AsB, receiver.Url("/b"), "score.changed");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var watcher = scope.ServiceProvider.GetRequiredService<PartnerExchange.Api.Scoring.ScoreWatcher>();

        await PublishAsync(w.AsVendor, ActiveUsers("sc-1", "C1", app.Clock.GetUtcNow().AddSeconds(-2)));   // 80 of 100 users: both PA and PB get a score
        var first = await watcher.CheckAsync(CancellationToken.None);
        var unchanged = await watcher.CheckAsync(CancellationToken.None);
        await PublishAsync(w.AsVendor, new { externalId = "sc-2", type = "adopt.active_users", customerId = "C1", occurredAt = app.Clock.GetUtcNow().AddSeconds(-1),
            payload = new { activeUsers = 20, licensedUsers = 100 } });
        var moved = await watcher.CheckAsync(CancellationToken.None);
        await app.RunWebhooksAsync();

        Assert.Equal((2, 0, 2), (first, unchanged, moved));
        Assert.Equal(4, receiver.At("/vendor").Count);
        var toA = receiver.At("/a");
        Assert.Equal([w.PA, w.PA], toA.Select(r => r.Data.GetProperty("partnershipId").GetString()));
        Assert.Equal(JsonValueKind.Null, toA[0].Data.GetProperty("previousScore").ValueKind);
        Assert.Equal(toA[0].Data.GetProperty("score").GetDouble(), toA[1].Data.GetProperty("previousScore").GetDouble());
        Assert.True(toA[1].Data.GetProperty("score").GetDouble() < toA[0].Data.GetProperty("score").GetDouble());
        Assert.Equal([w.PB, w.PB], receiver.At("/b").Select(r => r.Data.GetProperty("partnershipId").GetString()));
        Assert.DoesNotContain(w.PB, string.Join("", toA.Select(r => r.Body)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_change_sends_nothing_and_a_subscription_gets_only_later_changes()
    {
        using var w = await CreateAsync(app);
        await PublishAsync(w.AsVendor, ActiveUsers("before", "C1", app.Clock.GetUtcNow()));
        using var receiver = new WebhookReceiver();
        await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "signal.published");

        var atomic = await w.AsVendor.PostAsJsonAsync("/v1/signals?atomic=true", new
        {
            signals = new object[] { ActiveUsers("ok", "C1"), new { externalId = "bad", type = "adopt.active_users", customerId = "C1", occurredAt = DateTimeOffset.UtcNow, payload = new { } } },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, atomic.StatusCode);
        await app.RunWebhooksAsync();

        Assert.Empty(receiver.At("/vendor"));
    }

    [Fact]
    public async Task A_ping_is_signed_and_listed_with_its_attempt()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        var (id, secret) = await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "signal.published");

        var accepted = await (await w.AsVendor.PostAsync($"/v1/webhooks/{id}/ping", null)).AssertOkAsync(HttpStatusCode.Accepted);
        await app.RunWebhooksAsync();

        var ping = Assert.Single(receiver.At("/vendor"));
        ping.Verify(secret);
        Assert.Equal(("webhook.ping", accepted.GetProperty("deliveryId").GetString()), (ping.Type, ping.Id));
        var deliveries = await (await w.AsVendor.GetAsync($"/v1/webhooks/{id}/deliveries")).AssertOkAsync();
        var delivery = Assert.Single(deliveries.GetProperty("items").EnumerateArray());
        Assert.Equal(("succeeded", 1, 200), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32(),
            delivery.GetProperty("attemptHistory")[0].GetProperty("statusCode").GetInt32()));
    }
}

public sealed class WebhookEventsOnSqlite(WebhookSqliteApp app) : WebhookEventsTests(app), IClassFixture<WebhookSqliteApp>;

[Trait("Database", "Postgres")]
public sealed class WebhookEventsOnPostgres(WebhookPostgresApp app) : WebhookEventsTests(app), IClassFixture<WebhookPostgresApp>;
