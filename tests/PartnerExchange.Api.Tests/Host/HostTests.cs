using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PartnerExchange.Api.OpenApi;
using PartnerExchange.Api.Tests.Infrastructure;

namespace PartnerExchange.Api.Tests.Host;

/// <summary>Behaviour of the host itself: problem details for every error, versioning, health, Swagger.</summary>
public abstract class HostTests(ApiApp app)
{
    [Fact]
    public async Task Unknown_route_is_a_404_problem()
    {
        using var http = app.Client();

        await (await http.GetAsync("/nowhere")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Wrong_method_is_a_405_problem()
    {
        using var http = await app.OperatorAsync();

        await (await http.PutAsJsonAsync("/v1/me", new { })).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task Non_json_body_is_a_415_problem()
    {
        using var http = await app.OperatorAsync();

        var response = await http.PostAsync("/v1/parties", new StringContent("id=acme", Encoding.UTF8, "text/plain"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Oversized_body_is_a_413_problem()
    {
        using var http = await app.OperatorAsync();
        var body = new string('x', (5 * 1024 * 1024) + 1);

        var response = await http.PostAsync("/v1/parties", new StringContent($"{{\"name\":\"{body}\"}}", Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_naming_the_position()
    {
        using var http = await app.OperatorAsync();

        var response = await http.PostAsync("/v1/parties", new StringContent("{\"id\": \"acme\",\n \"kind\": }", Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.Contains("line 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_json_field_is_a_400_problem_naming_it()
    {
        using var http = await app.OperatorAsync();

        var response = await http.PostAsJsonAsync("/v1/parties", new { id = "acme-x", kind = "vendor", name = "A", colour = "red" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed-json");
        Assert.Contains("colour", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_report_the_supported_api_versions()
    {
        using var http = await app.OperatorAsync();

        var response = await http.GetAsync("/v1/me");

        Assert.Equal("1.0", response.Headers.GetValues("api-supported-versions").Single());
    }

    [Fact]
    public async Task Unsupported_api_version_is_a_problem_naming_the_supported_ones()
    {
        using var http = await app.OperatorAsync();

        var problem = await (await http.GetAsync("/v2/me")).AssertProblemAsync(HttpStatusCode.NotFound, "unsupported-api-version");

        Assert.Contains("v1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_and_readiness_are_healthy_on_a_migrated_database()
    {
        using var http = app.Client();

        Assert.Equal("Healthy", await (await http.GetAsync("/health/live")).Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await (await http.GetAsync("/health/ready")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Swagger_ui_offers_client_credentials()
    {
        using var http = app.Client();

        var ui = await http.GetAsync("/swagger/index.html");
        var document = JsonNode.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"))!;

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("/connect/token", document["components"]!["securitySchemes"]!["oauth2"]!["flows"]!["clientCredentials"]!["tokenUrl"]!.GetValue<string>());
        Assert.Equal("admin", document["paths"]!["/v1/parties"]!["post"]!["security"]![0]!["oauth2"]![0]!.GetValue<string>());
    }
}

public sealed class HostOnSqlite(SqliteApp app) : HostTests(app), IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Served_openapi_document_matches_the_committed_one()
    {
        using var http = app.Client();
        var served = OpenApiSetup.Normalize(await http.GetStringAsync("/swagger/v1/swagger.json"));
        var committedPath = Path.Combine(AppContext.BaseDirectory, "openapi", "v1.json");
        Assert.True(File.Exists(committedPath), "openapi/v1.json is missing: run scripts/export-openapi.sh");

        var committed = OpenApiSetup.Normalize(await File.ReadAllTextAsync(committedPath));

        Assert.True(committed == served, "openapi/v1.json differs from the served document: run scripts/export-openapi.sh and commit it.");
    }
}

[Trait("Database", "Postgres")]
public sealed class HostOnPostgres(PostgresApp app) : HostTests(app), IClassFixture<PostgresApp>;

/// <summary>A version marked deprecated in configuration carries Deprecation, Sunset and Link headers.</summary>
public sealed class DeprecatedVersionApp : ApiApp
{
    public DeprecatedVersionApp() : base(PartnerExchange.Data.Database.DatabaseProvider.Sqlite) { }

    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Api:Deprecations:1:Since"] = "2026-11-01T00:00:00Z",
        ["Api:Deprecations:1:Sunset"] = "2027-06-30T00:00:00Z",
        ["Api:Deprecations:1:Link"] = "https://example.com/migrate-to-v2",
    };
}

public sealed class DeprecationTests(DeprecatedVersionApp app) : IClassFixture<DeprecatedVersionApp>
{
    [Fact]
    public async Task Deprecated_version_carries_deprecation_and_sunset_headers()
    {
        using var http = await app.OperatorAsync();

        var response = await http.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("@1793491200", response.Headers.GetValues("Deprecation").Single());
        Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", response.Headers.GetValues("Sunset").Single());
        Assert.Contains("rel=\"deprecation\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }
}
