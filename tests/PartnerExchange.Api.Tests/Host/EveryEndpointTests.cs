using System.Net;
using System.Text.Json;
using PartnerExchange.Api.Tests.Infrastructure;

namespace PartnerExchange.Api.Tests.Host;

/// <summary>Every operation of the committed OpenAPI document refuses a missing token and a token without its scope.</summary>
public sealed class EveryEndpointTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    public static IEnumerable<object[]> Operations() => AllOperations().Select(o => new object[] { o[0], o[1] });

    /// <summary>The operations that name scopes (the others accept any valid token, e.g. /v1/me).</summary>
    public static IEnumerable<object[]> ScopedOperations() => AllOperations().Where(o => ((string)o[2]).Length > 0);

    private static IEnumerable<object[]> AllOperations()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "openapi", "v1.json")));
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var scopes = operation.Value.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().SelectMany(s => s.Value.EnumerateArray().Select(v => v.GetString()!))).ToArray()
                    : [];
                yield return [operation.Name.ToUpperInvariant(), path.Name, string.Join(' ', scopes)];
            }
        }
    }

    private static string Concrete(string path) => System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "1");

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Without_a_token_every_operation_is_401(string method, string path)
    {
        using var http = app.Client();

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(path)) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(ScopedOperations))]
    public async Task With_a_token_lacking_its_scope_every_scoped_operation_is_403(string method, string path, string scopes)
    {
        // A client holding one scope that the operation does not accept.
        var other = scopes.Contains("webhooks.manage", StringComparison.Ordinal) ? "audit.read" : "webhooks.manage";
        Assert.DoesNotContain(other, scopes, StringComparison.Ordinal);
        var partner = await app.CreatePartyAsync("partner", other);
        using var http = await app.AsAsync(partner);

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), Concrete(path)) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "insufficient-scope");
    }
}
