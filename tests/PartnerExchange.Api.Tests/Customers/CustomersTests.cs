using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;

namespace PartnerExchange.Api.Tests.Customers;

public abstract class CustomersTests(ApiApp app)
{
    private static object Customer(string name = "Contoso Ltd", string? domain = "contoso.com", string? segment = "enterprise", string? region = "emea") =>
        new { name, domain, segment, region };

    private async Task<(TestParty Vendor, TestParty Partner, string Partnership, HttpClient AsVendor, HttpClient AsPartner)> SetupAsync()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var partnership = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        return (vendor, partner, partnership, await app.AsAsync(vendor), await app.AsAsync(partner));
    }

    [Fact]
    public async Task Vendor_creates_then_updates_a_customer()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();

        var created = await asVendor.PutAsJsonAsync("/v1/customers/C-1", Customer());
        var updated = await asVendor.PutAsJsonAsync("/v1/customers/C-1", Customer(segment: "mid-market"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await updated.AssertOkAsync();
        Assert.Equal("mid-market", body.GetProperty("segment").GetString());
        var read = await (await asVendor.GetAsync("/v1/customers/C-1")).AssertOkAsync();
        Assert.Equal("Contoso Ltd", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Invalid_customer_lists_every_field()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();

        var response = await asVendor.PutAsJsonAsync("/v1/customers/C-2", Customer(name: "", domain: "Not A Domain", segment: ""));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("domain", out _));
        Assert.True(errors.TryGetProperty("segment", out _));
    }

    [Fact]
    public async Task Batch_reports_each_item()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();
        (await asVendor.PutAsJsonAsync("/v1/customers/B-1", Customer(name: "Same"))).EnsureSuccessStatusCode();
        (await asVendor.PutAsJsonAsync("/v1/customers/B-2", Customer(name: "Old"))).EnsureSuccessStatusCode();

        var response = await asVendor.PostAsJsonAsync("/v1/customers/batch", new
        {
            customers = new object[]
            {
                new { id = "B-1", name = "Same", domain = "contoso.com", segment = "enterprise", region = "emea" },
                new { id = "B-2", name = "New name", domain = "contoso.com", segment = "enterprise", region = "emea" },
                new { id = "B-3", name = "Fresh" },
                new { id = "bad id!", name = "x" },
                new { id = "B-3", name = "Twice" },
            },
        });

        var body = await response.AssertOkAsync();
        Assert.Equal(3, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected").GetInt32());
        Assert.Equal(["unchanged", "updated", "created", "rejected", "rejected"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.True(body.GetProperty("results")[3].GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task A_batch_over_1000_is_413()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();

        var response = await asVendor.PostAsJsonAsync("/v1/customers/batch", new { customers = Enumerable.Range(0, 1001).Select(i => new { id = $"X-{i}", name = "x" }) });

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Vendor_lists_with_filters_and_pages()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();
        foreach (var (id, segment) in new[] { ("L-1", "smb"), ("L-2", "enterprise"), ("L-3", "smb"), ("L-4", "smb") })
        {
            (await asVendor.PutAsJsonAsync($"/v1/customers/{id}", Customer(segment: segment))).EnsureSuccessStatusCode();
        }

        var first = await (await asVendor.GetAsync("/v1/customers?segment=smb&limit=2")).AssertOkAsync();
        var second = await (await asVendor.GetAsync($"/v1/customers?segment=smb&limit=2&cursor={first.GetProperty("nextCursor").GetString()}")).AssertOkAsync();

        Assert.Equal(["L-1", "L-3"], first.GetProperty("items").Strings("id"));
        Assert.Equal(["L-4"], second.GetProperty("items").Strings("id"));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Partner_sees_only_approved_linked_customers()
    {
        var (_, _, partnership, asVendor, asPartner) = await SetupAsync();
        (await asVendor.PutAsJsonAsync("/v1/customers/P-1", Customer())).EnsureSuccessStatusCode();
        (await asVendor.PutAsJsonAsync("/v1/customers/P-2", Customer())).EnsureSuccessStatusCode();
        (await asVendor.PutAsJsonAsync("/v1/customers/P-3", Customer(domain: "fabrikam.com"))).EnsureSuccessStatusCode();
        (await asVendor.PostAsJsonAsync($"/v1/partnerships/{partnership}/customers", new { customerId = "P-1" })).EnsureSuccessStatusCode();
        (await asPartner.PostAsJsonAsync($"/v1/partnerships/{partnership}/customers", new { customerId = "P-2", partnerAccountRef = "acct-2" })).EnsureSuccessStatusCode();

        var list = await (await asPartner.GetAsync("/v1/customers")).AssertOkAsync();

        Assert.Equal(["P-1"], list.GetProperty("items").Strings("id"));
        await (await asPartner.GetAsync("/v1/customers/P-1")).AssertOkAsync();
        await (await asPartner.GetAsync("/v1/customers/P-2")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await asPartner.GetAsync("/v1/customers/P-3")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_partner_cannot_write_customers_403()
    {
        var (_, _, _, _, asPartner) = await SetupAsync();

        await (await asPartner.PutAsJsonAsync("/v1/customers/C-9", Customer())).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Another_vendor_never_sees_the_book()
    {
        var (_, _, _, asVendor, _) = await SetupAsync();
        var other = await app.CreatePartyAsync("vendor");
        using var asOther = await app.AsAsync(other);
        (await asVendor.PutAsJsonAsync("/v1/customers/SECRET-1", Customer())).EnsureSuccessStatusCode();

        await (await asOther.GetAsync("/v1/customers/SECRET-1")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.DoesNotContain("SECRET-1", (await (await asOther.GetAsync("/v1/customers")).AssertOkAsync()).GetRawText(), StringComparison.Ordinal);
    }
}

public sealed class CustomersOnSqlite(SqliteApp app) : CustomersTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class CustomersOnPostgres(PostgresApp app) : CustomersTests(app), IClassFixture<PostgresApp>;
