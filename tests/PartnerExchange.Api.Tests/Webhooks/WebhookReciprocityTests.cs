using Microsoft.Extensions.DependencyInjection;
using PartnerExchange.Api.Scoring;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Tests.Signals;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;
using static PartnerExchange.Api.Tests.Webhooks.WebhookEventsTests;

namespace PartnerExchange.Api.Tests.Webhooks;

/// <summary>reciprocity.paused and reciprocity.resumed, with a clock moved through the grace period (its own app: the clock only moves on).</summary>
public abstract class WebhookReciprocityTests(WebhookApp app)
{
    /// <summary>A give-to-get contract for partner A (60 % within 14 days), the vendor and A subscribed to its events.</summary>
    private static async Task EnforceAndSubscribeAsync(ExchangeWorld w, WebhookReceiver receiver)
    {
        await ActivateAsync(w.AsVendor, w.AsA, w.PA, [new { signalType = "adopt.active_users", fields = (string[]?)null, lookbackDays = 30 }],
            mode: "enforce", minimumCompliance: 0.6, graceDays: 14);
        await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "reciprocity.paused", "reciprocity.resumed");
        await SubscribeAsync(w.AsA, receiver.Url("/a"), "reciprocity.paused", "reciprocity.resumed");
    }

    [Fact]
    public async Task Reciprocity_pauses_and_resumptions_are_pushed_to_both_parties()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        await EnforceAndSubscribeAsync(w, receiver);
        await SubscribeAsync(w.AsB, receiver.Url("/b"), "reciprocity.paused", "reciprocity.resumed");
        await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();   // below from now on

        app.Clock.Advance(TimeSpan.FromDays(15));
        await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();   // paused
        await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();   // still paused: no second event
        await PublishAsync(w.AsA, Onboard(w, "rc-1", "C1", app.Clock.GetUtcNow()), Onboard(w, "rc-2", "C2", app.Clock.GetUtcNow()));
        await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();   // resumed
        await app.RunWebhooksAsync();

        Assert.Equal(["reciprocity.paused", "reciprocity.resumed"], receiver.At("/vendor").Select(r => r.Type));
        Assert.Equal(["reciprocity.paused", "reciprocity.resumed"], receiver.At("/a").Select(r => r.Type));
        Assert.Equal(w.PA, receiver.At("/a")[0].Data.GetProperty("partnershipId").GetString());
        Assert.Equal(0, receiver.At("/a")[0].Data.GetProperty("compliance").GetDouble());
        Assert.Empty(receiver.At("/b"));
    }

    [Fact]
    public async Task The_monitor_pauses_and_resumes_a_partnership_whose_data_nobody_reads()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        await EnforceAndSubscribeAsync(w, receiver);
        var monitor = app.Factory.Services.GetRequiredService<ReciprocityMonitor>();

        Assert.True(await monitor.RunOnceAsync(CancellationToken.None) >= 1);   // below the minimum from now on
        app.Clock.Advance(TimeSpan.FromDays(13));
        await monitor.RunOnceAsync(CancellationToken.None);                       // still within the grace period
        await app.RunWebhooksAsync();
        Assert.Empty(receiver.At("/a"));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await monitor.RunOnceAsync(CancellationToken.None);                       // paused, with nobody reading
        await monitor.RunOnceAsync(CancellationToken.None);                       // no second event
        await app.RunWebhooksAsync();
        Assert.Equal(["reciprocity.paused"], receiver.At("/a").Select(r => r.Type));
        Assert.Equal(["reciprocity.paused"], receiver.At("/vendor").Select(r => r.Type));
        Assert.Equal(app.Clock.GetUtcNow().AddDays(-15), receiver.At("/a")[0].Data.GetProperty("belowSince").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        await PublishAsync(w.AsA, Onboard(w, "rm-1", "C1", app.Clock.GetUtcNow()), Onboard(w, "rm-2", "C2", app.Clock.GetUtcNow()));
        await monitor.RunOnceAsync(CancellationToken.None);                       // resumed
        await app.RunWebhooksAsync();
        Assert.Equal(["reciprocity.paused", "reciprocity.resumed"], receiver.At("/a").Select(r => r.Type));
        Assert.Equal(["reciprocity.paused", "reciprocity.resumed"], receiver.At("/vendor").Select(r => r.Type));
    }
}

public sealed class WebhookReciprocityOnSqlite(WebhookSqliteApp app) : WebhookReciprocityTests(app), IClassFixture<WebhookSqliteApp>;

[Trait("Database", "Postgres")]
public sealed class WebhookReciprocityOnPostgres(WebhookPostgresApp app) : WebhookReciprocityTests(app), IClassFixture<WebhookPostgresApp>;
