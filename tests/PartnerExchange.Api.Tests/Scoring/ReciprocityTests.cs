using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;
using static PartnerExchange.Api.Tests.Signals.ExchangeWorld;

namespace PartnerExchange.Api.Tests.Scoring;

/// <summary>An app whose clock the test moves.</summary>
public abstract class MovingClockApp(DatabaseProvider provider) : ApiApp(provider)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
}

public sealed class MovingClockSqliteApp() : MovingClockApp(DatabaseProvider.Sqlite);

public sealed class MovingClockPostgresApp() : MovingClockApp(DatabaseProvider.Postgres);

/// <summary>DESIGN §3 give-to-get under enforce: met → below → paused after the grace period → resumed on recovery.</summary>
public abstract class ReciprocityTests(MovingClockApp app)
{
    [Fact]
    public async Task Vendor_data_pauses_after_the_grace_period_below_the_minimum_and_resumes_on_recovery()
    {
        using var w = await CreateAsync(app);
        await ActivateAsync(w.AsVendor, w.AsA, w.PA, [new { signalType = "adopt.active_users", fields = (string[]?)null, lookbackDays = 30 }],
            mode: "enforce", minimumCompliance: 0.6, graceDays: 14);
        var vendorSignal = (await PublishAsync(w.AsVendor, ActiveUsers("rc-1", "C1", app.Clock.GetUtcNow())))[0];
        object Onboard(string id, string customer) => new
        {
            externalId = id, type = "adopt.onboarding_session", customerId = customer, partnershipId = w.PA,
            occurredAt = app.Clock.GetUtcNow(), payload = new { sessionType = "kickoff" },
        };
        await PublishAsync(w.AsA, Onboard("ob-1", "C1"), Onboard("ob-2", "C2"));
        async Task<string> StatusAsync() =>
            (await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync()).GetProperty("reciprocity").GetProperty("status").GetString()!;

        Assert.Equal("met", await StatusAsync());
        await (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).AssertOkAsync();

        app.Clock.Advance(TimeSpan.FromDays(31));      // both onboarding sessions are now stale: compliance 0
        Assert.Equal("below", await StatusAsync());
        await (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).AssertOkAsync();

        app.Clock.Advance(TimeSpan.FromDays(15));      // below for longer than 14 days: paused
        Assert.Equal("paused", await StatusAsync());
        var problem = await (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).AssertProblemAsync(HttpStatusCode.Forbidden, "reciprocity-not-met");
        Assert.Equal(0, problem.GetProperty("compliance").GetDouble());
        await (await w.AsA.GetAsync($"/v1/signals?partnershipId={w.PA}")).AssertProblemAsync(HttpStatusCode.Forbidden, "reciprocity-not-met");
        var list = await (await w.AsA.GetAsync("/v1/signals?limit=1000")).AssertOkAsync();
        Assert.DoesNotContain(vendorSignal, list.GetProperty("items").Strings("id"));
        Assert.Equal(2, list.GetProperty("items").GetArrayLength()); // its own data still flows
        var feed = await (await w.AsA.GetAsync("/v1/feed?limit=1000")).AssertOkAsync();
        Assert.DoesNotContain(vendorSignal, feed.GetRawText(), StringComparison.Ordinal);

        await PublishAsync(w.AsA, Onboard("ob-3", "C1"), Onboard("ob-4", "C2"));  // compliance recovers
        await (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).AssertOkAsync();
        Assert.Equal("met", await StatusAsync());
    }

    [Fact]
    public async Task Under_monitor_nothing_pauses()
    {
        using var w = await CreateAsync(app);
        var vendorSignal = (await PublishAsync(w.AsVendor, ActiveUsers("rm-1", "C1", app.Clock.GetUtcNow())))[0];

        app.Clock.Advance(TimeSpan.FromDays(60));

        var compliance = await (await w.AsA.GetAsync($"/v1/partnerships/{w.PA}/compliance")).AssertOkAsync();
        Assert.Equal("below", compliance.GetProperty("reciprocity").GetProperty("status").GetString());
        await (await w.AsA.GetAsync($"/v1/signals/{vendorSignal}")).AssertOkAsync();
    }
}

public sealed class ReciprocityOnSqlite(MovingClockSqliteApp app) : ReciprocityTests(app), IClassFixture<MovingClockSqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ReciprocityOnPostgres(MovingClockPostgresApp app) : ReciprocityTests(app), IClassFixture<MovingClockPostgresApp>;
