using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;

namespace PartnerExchange.Api.Tests.Customers;

public abstract class LinksTests(ApiApp app)
{
    private sealed record Setup(string Partnership, HttpClient AsVendor, HttpClient AsPartner)
    {
        public string Links => $"/v1/partnerships/{Partnership}/customers";
    }

    private async Task<Setup> SetupAsync()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var partnership = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        var s = new Setup(partnership, await app.AsAsync(vendor), await app.AsAsync(partner));
        (await s.AsVendor.PutAsJsonAsync("/v1/customers/C-1", new { name = "Contoso", domain = "contoso.com" })).EnsureSuccessStatusCode();
        (await s.AsVendor.PutAsJsonAsync("/v1/customers/C-2", new { name = "Fabrikam", domain = "fabrikam.com" })).EnsureSuccessStatusCode();
        return s;
    }

    [Fact]
    public async Task Vendor_assignment_is_approved_at_once()
    {
        var s = await SetupAsync();

        var response = await s.AsVendor.PostAsJsonAsync(s.Links, new { customerId = "C-1", partnerAccountRef = "NW-77" });

        var link = await response.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal("approved", link.GetProperty("status").GetString());
        Assert.Equal("vendor", link.GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task Vendor_cannot_assign_an_unknown_customer()
    {
        var s = await SetupAsync();

        await (await s.AsVendor.PostAsJsonAsync(s.Links, new { customerId = "NOPE" })).AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Partner_claim_by_id_is_pending_until_the_vendor_approves()
    {
        var s = await SetupAsync();

        var claim = await (await s.AsPartner.PostAsJsonAsync(s.Links, new { customerId = "C-1", partnerAccountRef = "NW-1" })).AssertOkAsync(HttpStatusCode.Accepted);
        await (await s.AsPartner.GetAsync("/v1/customers/C-1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var approved = await (await s.AsVendor.PostAsync($"{s.Links}/C-1/approve", null)).AssertOkAsync();

        Assert.Equal("pending", claim.GetProperty("status").GetString());
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        await (await s.AsPartner.GetAsync("/v1/customers/C-1")).AssertOkAsync();
    }

    [Fact]
    public async Task A_claim_by_domain_answers_the_same_whether_or_not_it_matches()
    {
        var s = await SetupAsync();

        var matching = await (await s.AsPartner.PostAsJsonAsync(s.Links, new { domain = "contoso.com", partnerAccountRef = "NW-2" })).AssertOkAsync(HttpStatusCode.Accepted);
        var unknown = await (await s.AsPartner.PostAsJsonAsync(s.Links, new { domain = "nobody-here.com", partnerAccountRef = "NW-3" })).AssertOkAsync(HttpStatusCode.Accepted);

        static string Shape(JsonElement e) => string.Join(",", e.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}"));
        Assert.Equal(Shape(matching), Shape(unknown));
        Assert.Equal(JsonValueKind.Null, matching.GetProperty("customerId").ValueKind);
        var partnerView = await (await s.AsPartner.GetAsync(s.Links)).AssertOkAsync();
        Assert.DoesNotContain("C-1", partnerView.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vendor_sees_a_domain_claim_with_its_match_and_approves_it()
    {
        var s = await SetupAsync();
        (await s.AsPartner.PostAsJsonAsync(s.Links, new { domain = "fabrikam.com", partnerAccountRef = "NW-4" })).EnsureSuccessStatusCode();

        var vendorView = await (await s.AsVendor.GetAsync(s.Links)).AssertOkAsync();
        var claim = Assert.Single(vendorView.GetProperty("items").EnumerateArray());
        Assert.Equal("C-2", claim.GetProperty("customerId").GetString());

        await (await s.AsVendor.PostAsync($"{s.Links}/C-2/approve", null)).AssertOkAsync();
        var partnerView = await (await s.AsPartner.GetAsync(s.Links)).AssertOkAsync();
        Assert.Equal("C-2", partnerView.GetProperty("items")[0].GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task The_vendor_rejects_a_claim_and_cannot_decide_twice()
    {
        var s = await SetupAsync();
        (await s.AsPartner.PostAsJsonAsync(s.Links, new { customerId = "C-2", partnerAccountRef = "NW-5" })).EnsureSuccessStatusCode();

        var rejected = await (await s.AsVendor.PostAsync($"{s.Links}/C-2/reject", null)).AssertOkAsync();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        await (await s.AsVendor.PostAsync($"{s.Links}/C-2/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
        await (await s.AsPartner.GetAsync("/v1/customers/C-2")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Only_the_vendor_decides_claims()
    {
        var s = await SetupAsync();
        (await s.AsPartner.PostAsJsonAsync(s.Links, new { customerId = "C-1", partnerAccountRef = "NW-6" })).EnsureSuccessStatusCode();

        await (await s.AsPartner.PostAsync($"{s.Links}/C-1/approve", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_claim_needs_exactly_one_of_id_or_domain_and_a_partner_reference()
    {
        var s = await SetupAsync();

        var both = await s.AsPartner.PostAsJsonAsync(s.Links, new { customerId = "C-1", domain = "contoso.com", partnerAccountRef = "x" });
        var noRef = await s.AsPartner.PostAsJsonAsync(s.Links, new { customerId = "C-1" });

        await both.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        await noRef.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_second_link_for_the_same_customer_is_409()
    {
        var s = await SetupAsync();
        (await s.AsVendor.PostAsJsonAsync(s.Links, new { customerId = "C-1" })).EnsureSuccessStatusCode();

        await (await s.AsVendor.PostAsJsonAsync(s.Links, new { customerId = "C-1" })).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Unlinking_hides_the_customer_from_the_partner_again()
    {
        var s = await SetupAsync();
        (await s.AsVendor.PostAsJsonAsync(s.Links, new { customerId = "C-1" })).EnsureSuccessStatusCode();
        await (await s.AsPartner.GetAsync("/v1/customers/C-1")).AssertOkAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await s.AsPartner.DeleteAsync($"{s.Links}/C-1")).StatusCode);

        await (await s.AsPartner.GetAsync("/v1/customers/C-1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await s.AsPartner.DeleteAsync($"{s.Links}/C-1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Outsiders_get_404_on_every_link_path()
    {
        var s = await SetupAsync();
        var outsider = await app.CreatePartyAsync("partner");
        using var http = await app.AsAsync(outsider);

        await (await http.GetAsync(s.Links)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.PostAsJsonAsync(s.Links, new { customerId = "C-1", partnerAccountRef = "x" })).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.PostAsync($"{s.Links}/C-1/approve", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await http.DeleteAsync($"{s.Links}/C-1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}

public sealed class LinksOnSqlite(SqliteApp app) : LinksTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class LinksOnPostgres(PostgresApp app) : LinksTests(app), IClassFixture<PostgresApp>;
