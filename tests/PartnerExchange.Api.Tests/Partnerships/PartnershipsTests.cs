using System.Net;
using System.Net.Http.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Tests.Partnerships;

public abstract class PartnershipsTests(ApiApp app)
{
    [Fact]
    public async Task Operator_creates_a_partnership_of_one_vendor_and_one_partner()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync("/v1/partnerships", new { vendorId = vendor.Id, partnerId = partner.Id });

        var created = await response.AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString();
        Assert.Equal($"/v1/partnerships/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal(vendor.Id, created.GetProperty("vendorId").GetString());
    }

    [Fact]
    public async Task Second_partnership_of_the_same_pair_is_409()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync("/v1/partnerships", new { vendorId = vendor.Id, partnerId = partner.Id });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Partnership_needs_a_vendor_and_a_partner()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        using var admin = await app.OperatorAsync();

        var swapped = await admin.PostAsJsonAsync("/v1/partnerships", new { vendorId = partner.Id, partnerId = vendor.Id });
        var unknown = await admin.PostAsJsonAsync("/v1/partnerships", new { vendorId = "nobody-here", partnerId = partner.Id });

        var problem = await swapped.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("vendorId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("partnerId", out _));
        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_party_lists_only_its_own_partnerships()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead);
        var mine = await app.CreatePartyAsync("partner");
        var other = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        var otherVendor = await app.CreatePartyAsync("vendor");
        var id = await app.CreatePartnershipAsync(vendor.Id, mine.Id);
        var foreign = await app.CreatePartnershipAsync(otherVendor.Id, other.Id);

        using var asVendor = await app.AsAsync(vendor);
        using var asOther = await app.AsAsync(other);
        var vendorList = await (await asVendor.GetAsync("/v1/partnerships")).AssertOkAsync();
        var otherList = await (await asOther.GetAsync("/v1/partnerships")).AssertOkAsync();

        Assert.Equal([id], vendorList.GetProperty("items").Strings("id"));
        Assert.Equal([foreign], otherList.GetProperty("items").Strings("id"));
    }

    [Fact]
    public async Task Operator_lists_every_partnership()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var id = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var admin = await app.OperatorAsync();

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/v1/partnerships?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            ids.AddRange(page.GetProperty("items").Strings("id"));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Contains(id, ids);
    }

    [Fact]
    public async Task Members_read_the_partnership_and_outsiders_get_404()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead);
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        var outsider = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        var id = await app.CreatePartnershipAsync(vendor.Id, partner.Id);

        using var asVendor = await app.AsAsync(vendor);
        using var asPartner = await app.AsAsync(partner);
        using var asOutsider = await app.AsAsync(outsider);

        await (await asVendor.GetAsync($"/v1/partnerships/{id}")).AssertOkAsync();
        await (await asPartner.GetAsync($"/v1/partnerships/{id}")).AssertOkAsync();
        await (await asOutsider.GetAsync($"/v1/partnerships/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await asOutsider.GetAsync("/v1/partnerships/no-such-id")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Operator_suspends_and_ends_a_partnership()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var id = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var admin = await app.OperatorAsync();

        var suspended = await (await admin.PatchAsJsonAsync($"/v1/partnerships/{id}", new { status = "suspended" })).AssertOkAsync();
        await (await admin.PatchAsJsonAsync($"/v1/partnerships/{id}", new { status = "ended" })).AssertOkAsync();
        var read = await (await admin.GetAsync($"/v1/partnerships/{id}")).AssertOkAsync();

        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        Assert.Equal("ended", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Partnership_status_is_validated_and_unknown_ids_are_404()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var id = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var admin = await app.OperatorAsync();

        await (await admin.PatchAsJsonAsync($"/v1/partnerships/{id}", new { status = "paused" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await (await admin.PatchAsJsonAsync("/v1/partnerships/no-such-id", new { status = "ended" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_party_cannot_create_or_change_partnerships_403()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var id = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var asVendor = await app.AsAsync(vendor);

        await (await asVendor.PostAsJsonAsync("/v1/partnerships", new { vendorId = vendor.Id, partnerId = partner.Id }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        await (await asVendor.PatchAsJsonAsync($"/v1/partnerships/{id}", new { status = "ended" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }
}

public sealed class PartnershipsOnSqlite(SqliteApp app) : PartnershipsTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class PartnershipsOnPostgres(PostgresApp app) : PartnershipsTests(app), IClassFixture<PostgresApp>;
