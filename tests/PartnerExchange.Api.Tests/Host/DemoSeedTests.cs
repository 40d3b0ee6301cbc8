using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerExchange.Api.Demo;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Host;

public sealed class DemoApp() : ApiApp(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Demo:Seed"] = "true",
        ["Bootstrap:AdminClientSecret"] = "",
    };
}

public sealed class DemoSeedTests(DemoApp app) : IClassFixture<DemoApp>
{
    private sealed record Credential(string Role, string? PartyId, string ClientId, string ClientSecret, string Scopes);

    private List<Credential> Credentials() =>
        JsonSerializer.Deserialize<List<Credential>>(File.ReadAllText(Path.Combine(app.DataDirectory, "demo-credentials.json")), JsonSerializerOptions.Web)!;

    [Fact]
    public void Demo_credentials_are_written_for_the_operator_the_vendor_and_five_partners()
    {
        var credentials = Credentials();

        Assert.Equal(["operator", "vendor", "partner", "partner", "partner", "partner", "partner"], credentials.Select(c => c.Role));
    }

    [Fact]
    public async Task Every_demo_credential_obtains_a_token_and_the_vendor_sees_five_partnerships_with_active_contracts()
    {
        foreach (var credential in Credentials())
        {
            Assert.False((await app.RequestTokenAsync(credential.ClientId, credential.ClientSecret)).IsError, credential.Role);
        }

        var vendor = Credentials().Single(c => c.Role == "vendor");
        using var http = app.Client(await app.TokenAsync(vendor.ClientId, vendor.ClientSecret));
        var partnerships = await (await http.GetAsync("/v1/partnerships")).AssertOkAsync();

        Assert.Equal(5, partnerships.GetProperty("items").GetArrayLength());
        foreach (var partnership in partnerships.GetProperty("items").EnumerateArray())
        {
            var active = await (await http.GetAsync($"/v1/partnerships/{partnership.GetProperty("id").GetString()}/contracts/active")).AssertOkAsync();
            Assert.NotEqual(0, active.GetProperty("obligations").GetArrayLength());
            Assert.NotEqual(0, active.GetProperty("entitlements").GetArrayLength());
        }
    }

    [Fact]
    public async Task Seeding_again_on_a_non_empty_database_changes_nothing()
    {
        var before = File.ReadAllText(Path.Combine(app.DataDirectory, "demo-credentials.json"));

        await app.Factory.Services.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);

        Assert.Equal(before, File.ReadAllText(Path.Combine(app.DataDirectory, "demo-credentials.json")));
    }

    [Fact]
    public async Task The_demo_program_shows_a_ranking_a_full_score_and_readiness_on_first_start()
    {
        var vendor = Credentials().Single(c => c.Role == "vendor");
        using var http = app.Client(await app.TokenAsync(vendor.ClientId, vendor.ClientSecret));

        var ranking = await (await http.GetAsync("/v1/scores")).AssertOkAsync();
        var scores = ranking.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetDouble()).ToList();
        var score = await (await http.GetAsync($"/v1/partnerships/{ranking.GetProperty("items")[0].GetProperty("partnershipId").GetString()}/score")).AssertOkAsync();
        var readiness = await (await http.GetAsync("/v1/readiness")).AssertOkAsync();

        Assert.Equal(5, scores.Count);
        Assert.True(scores[0] - scores[^1] >= 10, $"the demo partners should be spread apart: {string.Join(", ", scores)}");
        Assert.All(score.GetProperty("components").EnumerateArray(), c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        Assert.Equal("percentile", score.GetProperty("components")[0].GetProperty("normalization").GetString());
        Assert.All(readiness.GetProperty("pillars").EnumerateArray(), p => Assert.True(p.GetProperty("score").GetDouble() > 0, p.GetRawText()));
        Assert.InRange(readiness.GetProperty("level").GetInt32(), 3, 5);
    }
}
