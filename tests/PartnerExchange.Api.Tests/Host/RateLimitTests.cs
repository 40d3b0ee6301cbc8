using System.Net;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Host;

public sealed class TokenRateLimitApp() : ApiApp(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?> { ["RateLimits:TokenRequestsPerMinute"] = "3" };
}

public sealed class ClientRateLimitApp() : ApiApp(DatabaseProvider.Sqlite)
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["RateLimits:ClientBurst"] = "3",
        ["RateLimits:ClientPerSecond"] = "1",
    };
}

public sealed class TokenRateLimitTests(TokenRateLimitApp app) : IClassFixture<TokenRateLimitApp>
{
    [Fact]
    public async Task Token_endpoint_answers_429_with_retry_after_past_the_per_address_limit()
    {
        using var http = app.Client();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = ApiApp.OperatorClientId, ["client_secret"] = ApiApp.OperatorSecret,
            }));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}

public sealed class ClientRateLimitTests(ClientRateLimitApp app) : IClassFixture<ClientRateLimitApp>
{
    [Fact]
    public async Task A_client_past_its_bucket_gets_429_with_retry_after()
    {
        using var http = await app.OperatorAsync();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 20 && limited is null; i++)
        {
            var response = await http.GetAsync("/v1/me");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
