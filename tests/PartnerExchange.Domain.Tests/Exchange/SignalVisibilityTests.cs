using System.Text;
using System.Text.Json;
using PartnerExchange.Domain.Exchange;

namespace PartnerExchange.Domain.Tests.Exchange;

public sealed class SignalVisibilityTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static string Written(JsonElement payload, IReadOnlyList<string>? fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            SignalVisibility.WriteProjected(writer, payload, fields);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory]
    [InlineData("""{"activeUsers":80,"licensedUsers":100,"note":"x"}""", new[] { "note", "activeUsers" }, """{"activeUsers":80,"note":"x"}""")]
    [InlineData("""{"activeUsers":80,"licensedUsers":100}""", new[] { "missing" }, """{}""")]
    [InlineData("""{"nested":{"a":1},"b":[1,2]}""", new[] { "nested" }, """{"nested":{"a":1}}""")]
    public void A_payload_is_cut_to_the_allowed_fields_in_its_own_order(string payload, string[] fields, string expected)
    {
        Assert.Equal(expected, SignalVisibility.Project(Json(payload), fields).GetRawText());
        Assert.Equal(expected, Written(Json(payload), fields));
    }

    [Theory]
    [InlineData("""{"activeUsers":80,"licensedUsers":100}""")]
    [InlineData("""[1,2]""")]
    public void Without_an_allow_list_or_an_object_the_payload_is_whole(string payload)
    {
        Assert.Equal(payload, SignalVisibility.Project(Json(payload), null).GetRawText());
        Assert.Equal(payload, Written(Json(payload), null));
        Assert.Equal(payload, Written(Json(payload), payload.StartsWith('[') ? ["activeUsers"] : null));
    }
}
