using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Webhooks;
using PartnerExchange.Data.Webhooks;
using PartnerExchange.Domain.Webhooks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static PartnerExchange.Api.Tests.Webhooks.WebhookEventsTests;

namespace PartnerExchange.Api.Tests.Webhooks;

/// <summary>Delivery per DESIGN §7: retries on the schedule (walked with a fake clock), Retry-After, 410, redirects, timeouts, leases.</summary>
public abstract class WebhookDeliveryTests(WebhookApp app)
{
    private sealed record Setup(HttpClient Vendor, WebhookReceiver Receiver, string SubscriptionId, string DeliveryId) : IDisposable
    {
        public void Dispose()
        {
            Vendor.Dispose();
            Receiver.Dispose();
        }
    }

    /// <summary>A vendor subscribed at /hook, and a ping queued for it.</summary>
    private async Task<Setup> PingAsync(Action<WebhookReceiver>? configure = null)
    {
        var vendor = await app.AsAsync(await app.CreatePartyAsync("vendor"));
        var receiver = new WebhookReceiver();
        configure?.Invoke(receiver);
        var (id, _) = await SubscribeAsync(vendor, receiver.Url("/hook"), "signal.published");
        var ping = await (await vendor.PostAsync($"/v1/webhooks/{id}/ping", null)).AssertOkAsync(HttpStatusCode.Accepted);
        return new Setup(vendor, receiver, id, ping.GetProperty("deliveryId").GetString()!);
    }

    private static async Task<JsonElement> DeliveryAsync(Setup s) =>
        (await (await s.Vendor.GetAsync($"/v1/webhooks/{s.SubscriptionId}/deliveries")).AssertOkAsync()).GetProperty("items")[0];

    [Fact]
    public async Task A_500_is_retried_after_five_seconds_with_the_same_webhook_id()
    {
        using var s = await PingAsync(r =>
        {
            r.Server.Given(Request.Create().UsingPost()).InScenario("flaky").WillSetStateTo("recovered").RespondWith(Response.Create().WithStatusCode(500));
            r.Server.Given(Request.Create().UsingPost()).InScenario("flaky").WhenStateIs("recovered").RespondWith(Response.Create().WithStatusCode(204));
        });

        await app.RunWebhooksAsync();
        var failed = await DeliveryAsync(s);
        var wait = failed.GetProperty("nextAttemptAt").GetDateTimeOffset() - app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromSeconds(4));
        await app.RunWebhooksAsync();
        Assert.Single(s.Receiver.At("/hook")); // not due yet
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await app.RunWebhooksAsync();

        Assert.Equal(("pending", 500), (failed.GetProperty("status").GetString(), failed.GetProperty("lastStatusCode").GetInt32()));
        Assert.InRange(wait.TotalSeconds, 4.5, 5.5);
        var received = s.Receiver.At("/hook");
        Assert.Equal([s.DeliveryId, s.DeliveryId], received.Select(r => r.Id));
        var done = await DeliveryAsync(s);
        Assert.Equal(("succeeded", 2), (done.GetProperty("status").GetString(), done.GetProperty("attempts").GetInt32()));
        Assert.Equal([500, 204], done.GetProperty("attemptHistory").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
    }

    [Fact]
    public async Task The_retry_schedule_is_walked_to_the_end_then_the_subscription_is_disabled_and_audited()
    {
        using var s = await PingAsync(r => r.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500)));

        for (var attempt = 1; attempt <= RetrySchedule.MaxAttempts; attempt++)
        {
            var before = app.Clock.GetUtcNow();
            await app.RunWebhooksAsync();
            var delivery = await DeliveryAsync(s);
            Assert.Equal(attempt, delivery.GetProperty("attempts").GetInt32());
            if (attempt == RetrySchedule.MaxAttempts)
            {
                Assert.Equal("failed", delivery.GetProperty("status").GetString());
                break;
            }

            var wait = delivery.GetProperty("nextAttemptAt").GetDateTimeOffset() - before;
            var planned = RetrySchedule.Delays[attempt - 1];
            Assert.InRange(wait, planned * 0.9, planned * 1.1);
            app.Clock.Advance(wait);
        }

        var subscription = await (await s.Vendor.GetAsync($"/v1/webhooks/{s.SubscriptionId}")).AssertOkAsync();
        Assert.Equal("disabled", subscription.GetProperty("status").GetString());
        Assert.Contains("failed 10 times", subscription.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(RetrySchedule.MaxAttempts, s.Receiver.At("/hook").Count);
        var audit = await (await s.Vendor.GetAsync("/v1/audit?action=webhook.disabled")).AssertOkAsync();
        Assert.Equal($"/v1/webhooks/{s.SubscriptionId}", Assert.Single(audit.GetProperty("items").EnumerateArray()).GetProperty("resource").GetString());

        // A manual retry needs the subscription enabled again, then starts the schedule afresh.
        await (await s.Vendor.PostAsync($"/v1/webhooks/{s.SubscriptionId}/deliveries/{s.DeliveryId}/retry", null)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await s.Vendor.PatchAsJsonAsync($"/v1/webhooks/{s.SubscriptionId}", new { status = "enabled" })).AssertOkAsync();
        s.Receiver.Server.Reset();
        s.Receiver.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await (await s.Vendor.PostAsync($"/v1/webhooks/{s.SubscriptionId}/deliveries/{s.DeliveryId}/retry", null)).AssertOkAsync(HttpStatusCode.Accepted);
        await app.RunWebhooksAsync();
        Assert.Equal("succeeded", (await DeliveryAsync(s)).GetProperty("status").GetString());
        await (await s.Vendor.PostAsync($"/v1/webhooks/{s.SubscriptionId}/deliveries/msg_unknown/retry", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says()
    {
        using var s = await PingAsync(r => r.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "120")));

        await app.RunWebhooksAsync();

        var delivery = await DeliveryAsync(s);
        Assert.Equal(app.Clock.GetUtcNow().AddSeconds(120), delivery.GetProperty("nextAttemptAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_410_disables_the_subscription_at_once()
    {
        using var s = await PingAsync(r => r.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(410)));

        await app.RunWebhooksAsync();

        Assert.Equal("failed", (await DeliveryAsync(s)).GetProperty("status").GetString());
        var subscription = await (await s.Vendor.GetAsync($"/v1/webhooks/{s.SubscriptionId}")).AssertOkAsync();
        Assert.Equal("disabled", subscription.GetProperty("status").GetString());
        Assert.Contains("410", subscription.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_a_failure_and_is_not_followed()
    {
        using var s = await PingAsync(r =>
        {
            r.Server.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", r.Url("/elsewhere")));
        });

        await app.RunWebhooksAsync();

        var delivery = await DeliveryAsync(s);
        Assert.Equal(("pending", 302), (delivery.GetProperty("status").GetString(), delivery.GetProperty("lastStatusCode").GetInt32()));
        Assert.Contains("not followed", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(s.Receiver.At("/elsewhere"));
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_in_time_is_a_failure()
    {
        using var s = await PingAsync(r => r.Server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(6))));

        await app.RunWebhooksAsync(); // the test app's timeout is 3 s (15 s by default)

        var delivery = await DeliveryAsync(s);
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Contains("No response within 3 s", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_claimed_by_a_process_that_died_is_sent_once_its_lease_expires()
    {
        using var s = await PingAsync();
        var data = app.Factory.Services.GetRequiredService<WebhooksData>();
        var now = app.Clock.GetUtcNow();
        Assert.True(await data.ClaimAsync(s.DeliveryId, "a-process-that-crashed", now, now.AddMinutes(1), CancellationToken.None));

        await app.RunWebhooksAsync();
        Assert.Empty(s.Receiver.At("/hook"));
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await app.RunWebhooksAsync();

        Assert.Equal(s.DeliveryId, Assert.Single(s.Receiver.At("/hook")).Id);
        Assert.Equal("succeeded", (await DeliveryAsync(s)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Two_processes_on_one_database_send_each_delivery_once()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);
        using var receiver = new WebhookReceiver();
        var (id, _) = await SubscribeAsync(http, receiver.Url("/hook"), "signal.published");
        for (var i = 0; i < 30; i++)
        {
            (await http.PostAsync($"/v1/webhooks/{id}/ping", null)).EnsureSuccessStatusCode();
        }

        await using var second = app.StartHost();
        var workers = new[] { app.Factory.Services.GetRequiredService<WebhookWorker>(), second.Services.GetRequiredService<WebhookWorker>() };
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunOnceAsync(CancellationToken.None))));

        var received = receiver.At("/hook");
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Only_the_owner_sees_and_changes_a_subscription()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var other = await app.CreatePartyAsync("partner");
        using var http = await app.AsAsync(vendor);
        using var asOther = await app.AsAsync(other);
        using var receiver = new WebhookReceiver();
        var (id, secret) = await SubscribeAsync(http, receiver.Url("/hook"), "signal.published");

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var read = await (await http.GetAsync($"/v1/webhooks/{id}")).AssertOkAsync();
        Assert.False(read.TryGetProperty("secret", out var shown) && shown.ValueKind != JsonValueKind.Null);
        Assert.Equal([id], (await (await http.GetAsync("/v1/webhooks")).AssertOkAsync()).GetProperty("items").Strings("id"));
        Assert.Empty((await (await asOther.GetAsync("/v1/webhooks")).AssertOkAsync()).GetProperty("items").EnumerateArray());
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => asOther.GetAsync($"/v1/webhooks/{id}"),
            () => asOther.PatchAsJsonAsync($"/v1/webhooks/{id}", new { description = "mine now" }),
            () => asOther.DeleteAsync($"/v1/webhooks/{id}"),
            () => asOther.PostAsync($"/v1/webhooks/{id}/rotate-secret", null),
            () => asOther.PostAsync($"/v1/webhooks/{id}/ping", null),
            () => asOther.GetAsync($"/v1/webhooks/{id}/deliveries"),
        })
        {
            await (await request()).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        }

        var patched = await (await http.PatchAsJsonAsync($"/v1/webhooks/{id}", new { events = new[] { "signal.deleted" }, status = "disabled" })).AssertOkAsync();
        Assert.Equal(["signal.deleted"], patched.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("disabled", patched.GetProperty("status").GetString());
        await (await http.DeleteAsync($"/v1/webhooks/{id}")).AssertOkAsync(HttpStatusCode.NoContent);
        await (await http.GetAsync($"/v1/webhooks/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Invalid_subscriptions_list_every_error()
    {
        using var http = await app.AsAsync(await app.CreatePartyAsync("vendor"));

        var problem = await (await http.PostAsJsonAsync("/v1/webhooks", new { url = "ftp://example.com/x", events = new[] { "signal.published", "signal.teleported" }, description = new string('d', 501) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var empty = await (await http.PostAsJsonAsync("/v1/webhooks", new { url = "https://user:pw@example.com/x", events = Array.Empty<string>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Equal(["description", "events[1]", "url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["events", "url"], empty.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }
}

public sealed class WebhookDeliveryOnSqlite(WebhookSqliteApp app) : WebhookDeliveryTests(app), IClassFixture<WebhookSqliteApp>;

[Trait("Database", "Postgres")]
public sealed class WebhookDeliveryOnPostgres(WebhookPostgresApp app) : WebhookDeliveryTests(app), IClassFixture<WebhookPostgresApp>;

/// <summary>SSRF (DESIGN §7): refused at subscription and again at every delivery, on an app that does not allow loopback.</summary>
public sealed class WebhookTargetTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://10.0.0.8/hook", "private")]
    [InlineData("https://172.20.1.1/hook", "private")]
    [InlineData("https://192.168.1.10/hook", "private")]
    [InlineData("https://[fd00::1]/hook", "private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("https://[fe80::1]/hook", "link-local")]
    [InlineData("https://224.0.0.1/hook", "multicast")]
    [InlineData("https://0.0.0.0/hook", "unspecified")]
    [InlineData("http://localhost:8080/hook", "https")]
    public async Task Targets_that_are_not_public_https_are_refused(string url, string reason)
    {
        using var http = await app.AsAsync(await app.CreatePartyAsync("vendor"));

        var problem = await (await http.PostAsJsonAsync("/v1/webhooks", new { url, events = new[] { "signal.published" } })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_that_now_resolves_to_a_private_address_is_refused_at_delivery()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);
        using var receiver = new WebhookReceiver();
        var data = app.Factory.Services.GetRequiredService<WebhooksData>();
        var clock = app.Factory.Services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        // As if DNS changed after the subscription was checked: the stored target now points at loopback.
        var subscription = await data.InsertSubscriptionAsync(new SubscriptionRow
        {
            Id = $"wh_{Guid.NewGuid():N}", PartyId = vendor.Id, PartyKind = "vendor", Url = receiver.Url("/hook"), Events = """["signal.published"]""",
            Status = "enabled", Secret = WebhookSecrets.New(), CreatedAt = now, UpdatedAt = now,
        }, CancellationToken.None);
        (await http.PostAsync($"/v1/webhooks/{subscription.Id}/ping", null)).EnsureSuccessStatusCode();

        await app.Factory.Services.GetRequiredService<WebhookWorker>().RunOnceAsync(CancellationToken.None);

        Assert.Empty(receiver.At("/hook"));
        var delivery = (await (await http.GetAsync($"/v1/webhooks/{subscription.Id}/deliveries")).AssertOkAsync()).GetProperty("items")[0];
        Assert.Contains("loopback", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
