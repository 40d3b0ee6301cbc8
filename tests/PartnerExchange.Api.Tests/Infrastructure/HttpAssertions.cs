using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PartnerExchange.Api.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 answer with the given status and stable problem type; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal($"https://partnerexchange.dev/problems/{type}", body.GetProperty("type").GetString());
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.True(body.TryGetProperty("traceId", out _), "Every problem carries the trace id.");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace leaves the process
        return body;
    }

    public static async Task<JsonElement> AssertOkAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    public static Task<JsonElement> JsonAsync(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonElement>();

    public static IEnumerable<string> Strings(this JsonElement items, string property) =>
        items.EnumerateArray().Select(i => i.GetProperty(property).GetString()!);
}
