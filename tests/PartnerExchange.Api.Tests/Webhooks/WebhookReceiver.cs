using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Api.Tests.Scoring;
using PartnerExchange.Api.Webhooks;
using PartnerExchange.Data.Database;
using StandardWebhooks;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace PartnerExchange.Api.Tests.Webhooks;

/// <summary>The API with a moving clock, plain-http loopback receivers allowed and a short delivery timeout.</summary>
public abstract class WebhookApp(DatabaseProvider provider) : MovingClockApp(provider)
{
    protected override IDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:Timeout"] = "00:00:03", // short, yet ample for a first request to a cold local receiver on a busy machine
    };

    /// <summary>One webhook round (dispatch, then send what is due) in this process.</summary>
    public Task RunWebhooksAsync() => Factory.Services.GetRequiredService<WebhookWorker>().RunOnceAsync(CancellationToken.None);
}

public sealed class WebhookSqliteApp() : WebhookApp(DatabaseProvider.Sqlite);

public sealed class WebhookPostgresApp() : WebhookApp(DatabaseProvider.Postgres);

/// <summary>A request the partner's receiver got.</summary>
public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public JsonElement Data => Json.GetProperty("data");

    /// <summary>
    /// Verifies the signature as a receiver would, with the Standard Webhooks library; throws when no signature of the
    /// header matches. Each signature is checked on its own: StandardWebhooks 1.1.2 compares only the first of several.
    /// </summary>
    public void Verify(string secret)
    {
        var signatures = Signature.Split(' ');
        for (var i = 0; i < signatures.Length; i++)
        {
            try
            {
                new StandardWebhook(secret).Verify(Body, new HeaderDictionary
                {
                    ["webhook-id"] = Id, ["webhook-timestamp"] = Timestamp, ["webhook-signature"] = signatures[i],
                });
                return;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException) when (i < signatures.Length - 1)
            {
            }
        }
    }
}

/// <summary>The partner's (or vendor's) receiving endpoint: a WireMock server answering 200 unless told otherwise.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public WireMockServer Server { get; } = WireMockServer.Start();

    public WebhookReceiver() => Server.Given(Request.Create().UsingPost()).AtPriority(100).RespondWith(Response.Create().WithStatusCode(200));

    public string Url(string path) => $"{Server.Url}{path}";

    public IReadOnlyList<Received> At(string path) => Server.LogEntries
        .Where(e => e.RequestMessage.Path == path)
        .Select(e => new Received(path, Header(e.RequestMessage.Headers, "webhook-id"), Header(e.RequestMessage.Headers, "webhook-timestamp"),
            Header(e.RequestMessage.Headers, "webhook-signature"), e.RequestMessage.Body ?? ""))
        .ToList();

    private static string Header(IDictionary<string, WireMock.Types.WireMockList<string>>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() ?? "";

    public void Dispose() => Server.Stop();
}
