using PartnerExchange.Api.Tests.Infrastructure;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;
using static PartnerExchange.Api.Tests.Webhooks.WebhookEventsTests;

namespace PartnerExchange.Api.Tests.Webhooks;

/// <summary>reciprocity.paused and reciprocity.resumed, with a clock moved through the grace period (its own app: the clock only moves on).</summary>
public abstract class WebhookReciprocityTests(WebhookApp app)
{
    [Fact]
    public async Task Reciprocity_pauses_and_resumptions_are_pushed_to_both_parties()
    {
        using var w = await CreateAsync(app);
        using var receiver = new WebhookReceiver();
        await ActivateAsync(w.AsVendor, w.AsA, w.PA, [new { signalType = "adopt.active_users", fields = (string[]?)null, lookbackDays = 30 }],
            mode: "enforce", minimumCompliance: 0.6, graceDays: 14);
        await SubscribeAsync(w.AsVendor, receiver.Url("/vendor"), "reciprocity.paused", "reciprocity.resumed");
        await SubscribeAsync(w.AsA, receiver.Url("/a"), "reciprocity.paused", "reciprocity.resumed");
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

}

public sealed class WebhookReciprocityOnSqlite(WebhookSqliteApp app) : WebhookReciprocityTests(app), IClassFixture<WebhookSqliteApp>;

[Trait("Database", "Postgres")]
public sealed class WebhookReciprocityOnPostgres(WebhookPostgresApp app) : WebhookReciprocityTests(app), IClassFixture<WebhookPostgresApp>;
