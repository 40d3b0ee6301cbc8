using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Domain.Signals;

namespace PartnerExchange.Api.Tests.SignalTypes;

public abstract class SignalTypesTests(ApiApp app)
{
    private static object CustomType(string key, string publisher = "partner") => new
    {
        key,
        stage = "adopt",
        category = "action",
        publisher,
        description = "A security posture review",
        unit = (string?)null,
        schema = new { type = "object", additionalProperties = false, required = new[] { "level" }, properties = new { level = new { type = "integer", minimum = 1, maximum = 3 } } },
    };

    private static async Task<List<JsonElement>> ListAllAsync(HttpClient http)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await http.GetAsync($"/v1/signal-types?limit=5{(cursor is null ? "" : "&cursor=" + cursor)}")).AssertOkAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }

    [Fact]
    public async Task The_seeded_catalogue_equals_the_built_in_definitions()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);

        var builtIn = (await ListAllAsync(http)).Where(t => t.GetProperty("vendorId").ValueKind == JsonValueKind.Null).ToList();

        Assert.Equal(BuiltInSignalTypes.All.Select(t => t.Key).Order(), builtIn.Select(t => t.GetProperty("key").GetString()).Order());
        foreach (var type in BuiltInSignalTypes.All)
        {
            var served = builtIn.Single(t => t.GetProperty("key").GetString() == type.Key);
            Assert.Equal(type.Publisher, served.GetProperty("publisher").GetString());
            Assert.Equal(type.Stage, served.GetProperty("stage").GetString());
            Assert.Equal(type.Category, served.GetProperty("category").GetString());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(type.Schema.GetRawText()), JsonNode.Parse(served.GetProperty("schema").GetRawText())), type.Key);
        }
    }

    [Fact]
    public async Task A_vendor_defines_a_type_and_its_partners_see_it_but_no_one_else()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var otherVendor = await app.CreatePartyAsync("vendor");
        var stranger = await app.CreatePartyAsync("partner");
        await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var asVendor = await app.AsAsync(vendor);

        var created = await (await asVendor.PostAsJsonAsync("/v1/signal-types", CustomType("x-posture.review"))).AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal(vendor.Id, created.GetProperty("vendorId").GetString());
        using var asPartner = await app.AsAsync(partner);
        using var asOther = await app.AsAsync(otherVendor);
        using var asStranger = await app.AsAsync(stranger);
        Assert.Contains("x-posture.review", (await ListAllAsync(asPartner)).Select(t => t.GetProperty("key").GetString()));
        await (await asPartner.GetAsync("/v1/signal-types/x-posture.review")).AssertOkAsync();
        Assert.DoesNotContain("x-posture.review", (await ListAllAsync(asOther)).Select(t => t.GetProperty("key").GetString()));
        await (await asStranger.GetAsync("/v1/signal-types/x-posture.review")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_built_in_type_is_read_by_key()
    {
        var partner = await app.CreatePartyAsync("partner");
        using var http = await app.AsAsync(partner);

        var type = await (await http.GetAsync("/v1/signal-types/adopt.active_users")).AssertOkAsync();

        Assert.Equal("vendor", type.GetProperty("publisher").GetString());
        Assert.Equal(JsonValueKind.Object, type.GetProperty("schema").ValueKind);
    }

    [Fact]
    public async Task Duplicate_custom_key_is_409()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);
        (await http.PostAsJsonAsync("/v1/signal-types", CustomType("x-dup"))).EnsureSuccessStatusCode();

        await (await http.PostAsJsonAsync("/v1/signal-types", CustomType("x-dup"))).AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Invalid_type_definitions_list_every_error()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);

        var response = await http.PostAsJsonAsync("/v1/signal-types", new
        {
            key = "posture",
            stage = "grow",
            category = "event",
            publisher = "everyone",
            schema = new { type = "array", items = new { @ref = "x" } },
        });

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        foreach (var field in new[] { "key", "stage", "category", "publisher", "schema/type" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task A_schema_with_a_remote_reference_is_refused()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);
        var body = JsonNode.Parse(JsonSerializer.Serialize(CustomType("x-remote")))!;
        body["schema"]!["properties"]!["level"] = new JsonObject { ["$ref"] = "https://example.com/level.json" };

        var response = await http.PostAsync("/v1/signal-types", JsonContent.Create(body));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("schema/properties/level/$ref", out _));
    }

    [Fact]
    public async Task A_partner_cannot_define_types_403()
    {
        var partner = await app.CreatePartyAsync("partner");
        using var http = await app.AsAsync(partner);

        await (await http.PostAsJsonAsync("/v1/signal-types", CustomType("x-mine"))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_unreferenced_type_is_replaced_then_deleted()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);
        (await http.PostAsJsonAsync("/v1/signal-types", CustomType("x-change"))).EnsureSuccessStatusCode();

        var replaced = await (await http.PutAsJsonAsync("/v1/signal-types/x-change", CustomType("x-change", publisher: "any"))).AssertOkAsync();
        var deleted = await http.DeleteAsync("/v1/signal-types/x-change");

        Assert.Equal("any", replaced.GetProperty("publisher").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await http.GetAsync("/v1/signal-types/x-change")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_type_named_by_a_contract_is_immutable()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        var partner = await app.CreatePartyAsync("partner");
        var partnership = await app.CreatePartnershipAsync(vendor.Id, partner.Id);
        using var http = await app.AsAsync(vendor);
        (await http.PostAsJsonAsync("/v1/signal-types", CustomType("x-bound"))).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync($"/v1/partnerships/{partnership}/contracts", Contracts.ContractBodies.With(obligation: "x-bound"))).EnsureSuccessStatusCode();

        await (await http.PutAsJsonAsync("/v1/signal-types/x-bound", CustomType("x-bound", publisher: "any"))).AssertProblemAsync(HttpStatusCode.Conflict, "signal-type-in-use");
        await (await http.DeleteAsync("/v1/signal-types/x-bound")).AssertProblemAsync(HttpStatusCode.Conflict, "signal-type-in-use");
    }

    [Fact]
    public async Task Built_in_types_never_change()
    {
        var vendor = await app.CreatePartyAsync("vendor");
        using var http = await app.AsAsync(vendor);

        await (await http.DeleteAsync("/v1/signal-types/adopt.active_users")).AssertProblemAsync(HttpStatusCode.Conflict, "signal-type-in-use");
    }

    [Fact]
    public async Task Changing_another_vendors_type_is_404()
    {
        var owner = await app.CreatePartyAsync("vendor");
        var other = await app.CreatePartyAsync("vendor");
        using var asOwner = await app.AsAsync(owner);
        using var asOther = await app.AsAsync(other);
        (await asOwner.PostAsJsonAsync("/v1/signal-types", CustomType("x-owned"))).EnsureSuccessStatusCode();

        await (await asOther.DeleteAsync("/v1/signal-types/x-owned")).AssertProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await asOwner.GetAsync("/v1/signal-types/x-owned")).AssertOkAsync();
    }
}

public sealed class SignalTypesOnSqlite(SqliteApp app) : SignalTypesTests(app), IClassFixture<SqliteApp>;

[Trait("Database", "Postgres")]
public sealed class SignalTypesOnPostgres(PostgresApp app) : SignalTypesTests(app), IClassFixture<PostgresApp>;
