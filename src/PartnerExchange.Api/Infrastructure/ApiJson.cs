using System.Text.Json;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>The JSON conventions of the API's bodies (camelCase, web defaults), for data written outside a response.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// JSON text from our own store, written into a response as it is: no parse and no re-serialization on the way out
/// (the feed hands out thousands of stored snapshots per page).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Json)
{
    public static RawJson From(JsonElement element) => new(element.GetRawText());
}

public sealed class RawJsonConverter : System.Text.Json.Serialization.JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return RawJson.From(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
}
