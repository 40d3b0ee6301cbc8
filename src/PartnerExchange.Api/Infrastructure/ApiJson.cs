using System.Text.Json;

namespace PartnerExchange.Api.Infrastructure;

/// <summary>The JSON conventions of the API's bodies (camelCase, web defaults), for data written outside a response.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
