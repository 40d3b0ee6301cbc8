using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Tests.Parties;

public abstract class PartiesTests(ApiApp app)
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Operator_creates_a_party_and_reads_it_back()
    {
        using var admin = await app.OperatorAsync();
        var id = NewId("acme");

        var response = await admin.PostAsJsonAsync("/v1/parties", new { id, kind = "vendor", name = "Acme Software" });

        var created = await response.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/parties/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("vendor", created.GetProperty("kind").GetString());
        var read = await (await admin.GetAsync($"/v1/parties/{id}")).AssertOkAsync();
        Assert.Equal("Acme Software", read.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Duplicate_party_id_is_409()
    {
        using var admin = await app.OperatorAsync();
        var id = NewId("dup");
        (await admin.PostAsJsonAsync("/v1/parties", new { id, kind = "partner", name = "One" })).EnsureSuccessStatusCode();

        var response = await admin.PostAsJsonAsync("/v1/parties", new { id, kind = "partner", name = "Two" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Invalid_party_lists_every_field_error()
    {
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync("/v1/parties", new { id = "Not A Slug", kind = "reseller", name = "" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("ACME")]
    [InlineData("acme_msp")]
    public async Task Party_ids_must_be_slugs(string id)
    {
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync("/v1/parties", new { id, kind = "vendor", name = "X" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Party_list_pages_with_a_cursor_until_the_end()
    {
        using var admin = await app.OperatorAsync();
        for (var i = 0; i < 3; i++)
        {
            (await admin.PostAsJsonAsync("/v1/parties", new { id = NewId("page"), kind = "partner", name = "Paged" })).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/v1/parties?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            var items = page.GetProperty("items");
            Assert.InRange(items.GetArrayLength(), 1, 2);
            seen.AddRange(items.Strings("id"));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.True(seen.Count(s => s.StartsWith("page-", StringComparison.Ordinal)) >= 3);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("cursor=%%%")]
    public async Task Bad_paging_parameters_are_400(string query)
    {
        using var admin = await app.OperatorAsync();

        var response = await admin.GetAsync($"/v1/parties?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_party_reads_itself()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead);
        using var http = await app.AsAsync(vendor);

        var me = await (await http.GetAsync($"/v1/parties/{vendor.Id}")).AssertOkAsync();

        Assert.Equal(vendor.Id, me.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_party_cannot_see_another_party_404()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead);
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var http = await app.AsAsync(partner);

        await (await http.GetAsync($"/v1/parties/{vendor.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_party_cannot_list_parties_403()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);

        await (await http.GetAsync("/v1/parties")).AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }

    [Fact]
    public async Task Unknown_party_is_404()
    {
        using var admin = await app.OperatorAsync();

        await (await admin.GetAsync("/v1/parties/nobody-here")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Client_secret_is_shown_once_and_never_listed()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();

        var list = await (await admin.GetAsync($"/v1/parties/{partner.Id}/clients")).AssertOkAsync();

        var client = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(partner.ClientId, client.GetProperty("clientId").GetString());
        Assert.Equal("client_secret", client.GetProperty("authMethod").GetString());
        Assert.DoesNotContain(partner.Secret, list.GetRawText(), StringComparison.Ordinal);
        Assert.False(client.TryGetProperty("clientSecret", out _));
        Assert.StartsWith("pxs_", partner.Secret, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("partner", "scoring.manage")]
    [InlineData("partner", "admin")]
    [InlineData("vendor", "admin")]
    [InlineData("vendor", "payments.write")]
    public async Task Scopes_that_do_not_fit_the_party_kind_are_refused(string kind, string scope)
    {
        var party = await app.CreatePartyAsync(kind, Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync($"/v1/parties/{party.Id}/clients", new { displayName = "x", scopes = new[] { "exchange.read", scope } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(scope, problem.GetProperty("errors").GetProperty("scopes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_for_an_unknown_party_is_404()
    {
        using var admin = await app.OperatorAsync();

        var response = await admin.PostAsJsonAsync("/v1/parties/nobody-here/clients", new { displayName = "x", scopes = new[] { "exchange.read" } });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Private_key_jwt_client_needs_a_public_jwks()
    {
        var party = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();
        var key = TokenForge.NewRsaKey();
        var privateJwk = Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromRSASecurityKey(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(key.Rsa.ExportParameters(true)));

        var missing = await admin.PostAsJsonAsync($"/v1/parties/{party.Id}/clients",
            new { displayName = "x", scopes = new[] { "exchange.read" }, authMethod = "private_key_jwt" });
        var withPrivate = await admin.PostAsJsonAsync($"/v1/parties/{party.Id}/clients",
            new { displayName = "x", scopes = new[] { "exchange.read" }, authMethod = "private_key_jwt", jwks = new { keys = new[] { privateJwk } } });

        await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        var problem = await withPrivate.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("public", problem.GetProperty("errors").GetProperty("jwks")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_client_then_deleting_it_again_is_404()
    {
        var party = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();
        var path = $"/v1/parties/{party.Id}/clients/{party.ClientId}";

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(path)).StatusCode);

        await (await admin.DeleteAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        var list = await (await admin.GetAsync($"/v1/parties/{party.Id}/clients")).AssertOkAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Client_status_must_be_active_or_disabled()
    {
        var party = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();

        var response = await admin.PatchAsJsonAsync($"/v1/parties/{party.Id}/clients/{party.ClientId}", new { status = "paused" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Client_of_another_party_cannot_be_changed_through_this_party()
    {
        var one = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        var two = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var admin = await app.OperatorAsync();

        var response = await admin.PatchAsJsonAsync($"/v1/parties/{one.Id}/clients/{two.ClientId}", new { status = "disabled" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        Assert.False((await app.RequestTokenAsync(two.ClientId, two.Secret)).IsError);
    }

    [Fact]
    public async Task Created_client_reports_its_scopes_and_method()
    {
        var party = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead, Scopes.ScoringManage);
        using var admin = await app.OperatorAsync();

        var list = await (await admin.GetAsync($"/v1/parties/{party.Id}/clients")).AssertOkAsync();

        var client = list.GetProperty("items")[0];
        Assert.Equal(["exchange.read", "scoring.manage"], client.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("active", client.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, client.GetProperty("createdAt").ValueKind);
    }
}

public sealed class PartiesOnSqlite(SqliteApp app) : PartiesTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class PartiesOnPostgres(PostgresApp app) : PartiesTests(app), IClassFixture<PostgresApp>;
