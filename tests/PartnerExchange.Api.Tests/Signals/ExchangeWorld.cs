using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;

namespace PartnerExchange.Api.Tests.Signals;

/// <summary>
/// A small program to test visibility against: vendor V with partners A and B, who share customer C1;
/// C2 is linked to A only, C3 to nobody; partner X belongs to another vendor. A's contract entitles it
/// to <c>adopt.active_users</c> (field <c>activeUsers</c> only, 30 days' lookback); B's contract entitles it to nothing.
/// </summary>
public sealed class ExchangeWorld : IDisposable
{
    public required TestParty Vendor { get; init; }
    public required TestParty A { get; init; }
    public required TestParty B { get; init; }
    public required TestParty X { get; init; }
    public required string PA { get; init; }
    public required string PB { get; init; }
    public required string PX { get; init; }
    public required HttpClient AsVendor { get; init; }
    public required HttpClient AsA { get; init; }
    public required HttpClient AsB { get; init; }
    public required HttpClient AsX { get; init; }

    public static async Task<ExchangeWorld> CreateAsync(ApiApp app)
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var a = await app.CreatePartyAsync("partner");
        var b = await app.CreatePartyAsync("partner");
        var otherVendor = await app.CreatePartyAsync("vendor");
        var x = await app.CreatePartyAsync("partner");
        var world = new ExchangeWorld
        {
            Vendor = vendor, A = a, B = b, X = x,
            PA = await app.CreatePartnershipAsync(vendor.Id, a.Id),
            PB = await app.CreatePartnershipAsync(vendor.Id, b.Id),
            PX = await app.CreatePartnershipAsync(otherVendor.Id, x.Id),
            AsVendor = await app.AsAsync(vendor), AsA = await app.AsAsync(a), AsB = await app.AsAsync(b), AsX = await app.AsAsync(x),
        };
        using var asOther = await app.AsAsync(otherVendor);

        foreach (var id in new[] { "C1", "C2", "C3" })
        {
            (await world.AsVendor.PutAsJsonAsync($"/v1/customers/{id}", new { name = $"Customer {id}" })).EnsureSuccessStatusCode();
        }

        (await asOther.PutAsJsonAsync("/v1/customers/C1", new { name = "Someone else's C1" })).EnsureSuccessStatusCode();
        await Link(world.AsVendor, world.PA, "C1", "A-1");
        await Link(world.AsVendor, world.PA, "C2", "A-2");
        await Link(world.AsVendor, world.PB, "C1", "B-1");
        await Link(asOther, world.PX, "C1", "X-1");

        await ActivateAsync(world.AsVendor, world.AsA, world.PA, entitlements: [new { signalType = "adopt.active_users", fields = new[] { "activeUsers" }, lookbackDays = 30 }]);
        await ActivateAsync(world.AsVendor, world.AsB, world.PB, entitlements: []);
        await ActivateAsync(asOther, world.AsX, world.PX, entitlements: [new { signalType = "adopt.active_users", fields = (string[]?)null, lookbackDays = 30 }]);
        return world;
    }

    public static async Task ActivateAsync(HttpClient vendor, HttpClient partner, string partnership, object[] entitlements,
        string mode = "monitor", double minimumCompliance = 0.5, int graceDays = 10)
    {
        var draft = await vendor.PostAsJsonAsync($"/v1/partnerships/{partnership}/contracts", new
        {
            obligations = new[] { new { signalType = "adopt.onboarding_session", freshnessDays = 30 } },
            entitlements,
            reciprocity = new { mode, minimumCompliance, graceDays },
        });
        draft.EnsureSuccessStatusCode();
        var version = (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        (await vendor.PostAsync($"/v1/partnerships/{partnership}/contracts/{version}/propose", null)).EnsureSuccessStatusCode();
        (await partner.PostAsync($"/v1/partnerships/{partnership}/contracts/{version}/accept", null)).EnsureSuccessStatusCode();
    }

    private static async Task Link(HttpClient vendor, string partnership, string customerId, string reference) =>
        (await vendor.PostAsJsonAsync($"/v1/partnerships/{partnership}/customers", new { customerId, partnerAccountRef = reference })).EnsureSuccessStatusCode();

    public static object ActiveUsers(string externalId, string customerId, DateTimeOffset? occurredAt = null) => new
    {
        externalId, type = "adopt.active_users", customerId, occurredAt = occurredAt ?? DateTimeOffset.UtcNow,
        payload = new { activeUsers = 80, licensedUsers = 100 },
    };

    public static object Onboarding(string externalId, string partnershipId, string? customerId = null, string? partnerAccountRef = null) => new
    {
        externalId, type = "adopt.onboarding_session", customerId, partnerAccountRef, partnershipId, occurredAt = DateTimeOffset.UtcNow,
        payload = new { sessionType = "kickoff", attendees = 5 },
    };

    /// <summary>Publishes and returns each item's server id (throws unless every item was accepted).</summary>
    public static async Task<string[]> PublishAsync(HttpClient http, params object[] signals)
    {
        var response = await http.PostAsJsonAsync("/v1/signals", new { signals });
        var body = await response.AssertOkAsync();
        Assert.True(body.GetProperty("rejected").GetInt32() == 0, body.GetRawText());
        return body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToArray();
    }

    public void Dispose()
    {
        AsVendor.Dispose();
        AsA.Dispose();
        AsB.Dispose();
        AsX.Dispose();
    }
}
