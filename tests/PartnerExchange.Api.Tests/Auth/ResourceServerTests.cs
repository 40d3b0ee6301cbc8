using System.Net;
using System.Net.Http.Json;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Domain.Auth;

namespace PartnerExchange.Api.Tests.Auth;

/// <summary>What the API refuses: every way a token can be missing, forged, misdirected or stale.</summary>
public abstract class ResourceServerTests(ApiApp app)
{
    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        using var http = app.Client();

        var response = await http.GetAsync("/v1/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Valid_token_reaches_me()
    {
        var vendor = await app.CreatePartyAsync("vendor", Scopes.ExchangeRead);
        using var http = await app.AsAsync(vendor);

        var me = await (await http.GetAsync("/v1/me")).AssertOkAsync();

        Assert.Equal(vendor.Id, me.GetProperty("partyId").GetString());
        Assert.Equal("vendor", me.GetProperty("partyKind").GetString());
        Assert.Equal(vendor.ClientId, me.GetProperty("clientId").GetString());
        Assert.Equal(["exchange.read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_401() => await AssertRefusedAsync(TokenForge.Unsigned());

    [Fact]
    public async Task Token_signed_with_an_unknown_key_is_401() => await AssertRefusedAsync(TokenForge.Sign(TokenForge.NewRsaKey()));

    [Fact]
    public async Task Token_with_a_tampered_signature_is_401()
    {
        var token = await app.TokenAsync(ApiApp.OperatorClientId, ApiApp.OperatorSecret);
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';

        await AssertRefusedAsync($"{parts[0]}.{parts[1]}.{new string(signature)}");
    }

    [Fact]
    public async Task Token_from_another_issuer_is_401() => await AssertRefusedAsync(TokenForge.Sign(await AppKeyAsync(), issuer: "https://evil.example/"));

    [Fact]
    public async Task Token_for_another_audience_is_401() => await AssertRefusedAsync(TokenForge.Sign(await AppKeyAsync(), audience: "another-api"));

    [Fact]
    public async Task Expired_token_is_401() => await AssertRefusedAsync(TokenForge.Sign(await AppKeyAsync(), expires: DateTime.UtcNow.AddMinutes(-10)));

    [Fact]
    public async Task Token_that_is_not_an_access_token_is_401() => await AssertRefusedAsync(TokenForge.Sign(await AppKeyAsync(), type: "JWT"));

    [Fact]
    public async Task Token_signed_with_the_right_key_is_accepted()
    {
        using var http = app.Client(TokenForge.Sign(await AppKeyAsync()));

        await (await http.GetAsync("/v1/me")).AssertOkAsync();
    }

    [Fact]
    public async Task Token_in_the_query_string_is_401()
    {
        var token = await app.TokenAsync(ApiApp.OperatorClientId, ApiApp.OperatorSecret);
        using var http = app.Client();

        var response = await http.GetAsync($"/v1/me?access_token={token}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Token_lacking_the_scope_is_403_insufficient_scope()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var http = await app.AsAsync(partner);

        var response = await http.PostAsJsonAsync("/v1/parties", new { id = "sneaky", kind = "vendor", name = "Sneaky" });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter);
        Assert.Contains("scope=\"admin\"", challenge.Parameter);
    }

    [Fact]
    public async Task Deleted_clients_live_token_stops_working()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var http = await app.AsAsync(partner);
        await (await http.GetAsync("/v1/me")).AssertOkAsync();
        using var admin = await app.OperatorAsync();

        (await admin.DeleteAsync($"/v1/parties/{partner.Id}/clients/{partner.ClientId}")).EnsureSuccessStatusCode();

        await (await http.GetAsync("/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Disabled_clients_live_token_stops_working_and_resumes_when_enabled()
    {
        var partner = await app.CreatePartyAsync("partner", Scopes.ExchangeRead);
        using var http = await app.AsAsync(partner);
        using var admin = await app.OperatorAsync();
        var path = $"/v1/parties/{partner.Id}/clients/{partner.ClientId}";

        (await admin.PatchAsJsonAsync(path, new { status = "disabled" })).EnsureSuccessStatusCode();
        await (await http.GetAsync("/v1/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        (await admin.PatchAsJsonAsync(path, new { status = "active" })).EnsureSuccessStatusCode();
        await (await http.GetAsync("/v1/me")).AssertOkAsync();
    }

    private async Task<Microsoft.IdentityModel.Tokens.RsaSecurityKey> AppKeyAsync()
    {
        await app.TokenAsync(ApiApp.OperatorClientId, ApiApp.OperatorSecret); // the key exists once a token was issued
        return TokenForge.AppKey(app);
    }

    private async Task AssertRefusedAsync(string token)
    {
        using var http = app.Client(token);

        var response = await http.GetAsync("/v1/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.Single().Parameter);
    }
}

public sealed class ResourceServerOnSqlite(SqliteApp app) : ResourceServerTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class ResourceServerOnPostgres(PostgresApp app) : ResourceServerTests(app), IClassFixture<PostgresApp>;
