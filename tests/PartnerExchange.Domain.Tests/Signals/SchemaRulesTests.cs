using System.Text.Json;
using PartnerExchange.Domain.Signals;

namespace PartnerExchange.Domain.Tests.Signals;

public sealed class SchemaRulesTests
{
    private static IReadOnlyList<PayloadError> Check(string schema) => SchemaRules.Check(JsonDocument.Parse(schema).RootElement);

    [Fact]
    public void An_object_schema_with_local_references_is_accepted() => Assert.Empty(Check("""
        {"type":"object","additionalProperties":false,"required":["level"],
         "properties":{"level":{"$ref":"#/$defs/level"}},"$defs":{"level":{"type":"integer","minimum":1,"maximum":3}}}
        """));

    [Fact]
    public void Every_built_in_schema_passes_the_custom_schema_rules() =>
        Assert.All(BuiltInSignalTypes.All, t => Assert.Empty(SchemaRules.Check(t.Schema)));

    [Fact]
    public void A_schema_of_something_other_than_an_object_is_refused() =>
        Assert.Contains(Check("""{"type":"array"}"""), e => e.Pointer == "/type");

    [Fact]
    public void A_schema_that_is_not_a_valid_json_schema_is_refused() =>
        Assert.NotEmpty(Check("""{"type":"object","properties":{"a":{"type":"integr"}}}"""));

    [Fact]
    public void A_remote_reference_is_refused() =>
        Assert.Contains(Check("""{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}}}"""), e => e.Pointer == "/properties/a/$ref");

    [Fact]
    public void An_id_is_refused() => Assert.Contains(Check("""{"$id":"https://example.com/s","type":"object"}"""), e => e.Pointer == "/$id");

    [Fact]
    public void A_schema_over_64_KB_is_refused()
    {
        var description = new string('d', 65 * 1024);

        Assert.Contains(Check($$"""{"type":"object","description":"{{description}}"}"""), e => e.Message.Contains("64 KB", StringComparison.Ordinal));
    }

    [Fact]
    public void A_schema_that_is_not_an_object_is_refused() => Assert.NotEmpty(Check("true"));

    [Theory]
    [InlineData("x-security.review", true)]
    [InlineData("x-a", true)]
    [InlineData("adopt.active_users", false)]
    [InlineData("x-", false)]
    [InlineData("x-Upper", false)]
    [InlineData("y-thing", false)]
    public void Custom_keys_start_with_x(string key, bool valid) => Assert.Equal(valid, SignalTypeRules.IsCustomKey(key));
}
