using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PartnerExchange.Data.Audit;
using PartnerExchange.Data.Webhooks;
using PartnerExchange.Domain.Webhooks;
using StandardWebhooks;

namespace PartnerExchange.Api.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";
    public const string HttpClientName = "webhooks";

    /// <summary>Allow plain-http receivers on loopback (tests only).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Run the dispatcher and sender in this process.</summary>
    public bool WorkerEnabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a process owns a delivery it claimed; another takes it over after that.</summary>
    [Range(typeof(TimeSpan), "00:00:20", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:15")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How often each process re-scores the programs someone watches for score.changed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ScoreCheckInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Secrets in the Standard Webhooks form: <c>whsec_</c> and the base64 of 32 random bytes.</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The <c>webhook-signature</c> value: one <c>v1,</c> signature per secret, the current one first.</summary>
    public static string Signatures(string messageId, DateTimeOffset timestamp, string body, params IEnumerable<string> secrets) =>
        string.Join(' ', secrets.Select(secret => new StandardWebhook(secret).Sign(messageId, timestamp, body)));
}

/// <summary>
/// Outbound connections for webhooks: every address the host resolves to is checked at connect time — per
/// delivery, so a DNS change cannot redirect a subscription to an internal address — and redirects are not followed.
/// </summary>
public static class SafeWebhookHttp
{
    public static SocketsHttpHandler Handler(bool allowLoopback) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseCookies = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(Permitted(context.DnsEndPoint.Host, addresses, allowLoopback), context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>The addresses to connect to; refuses the host when any of its addresses is not public.</summary>
    public static IPAddress[] Permitted(string host, IPAddress[] addresses, bool allowLoopback)
    {
        foreach (var address in addresses)
        {
            if (WebhookTargets.CheckAddress(address, allowLoopback) is { } reason)
            {
                throw new HttpRequestException($"Refused: {host} resolves to {address}, a {reason} address.");
            }
        }

        return addresses.Length == 0 ? throw new HttpRequestException($"Refused: {host} resolves to no address.") : addresses;
    }
}

/// <summary>Sends one claimed delivery and records the outcome: success, a retry on the schedule, or the end.</summary>
public sealed class WebhookSender(
    WebhooksData data, AuditData audit, IHttpClientFactory http, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
{
    /// <summary>Claims and sends every due delivery (up to the batch size); returns how many were sent.</summary>
    public async Task<int> SendDueAsync(string owner, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var id in await data.DueAsync(now, options.Value.BatchSize, ct))
        {
            if (await data.ClaimAsync(id, owner, now, now + options.Value.Lease, ct))
            {
                await SendAsync(id, owner, ct);
                sent++;
            }
        }

        return sent;
    }

    private async Task SendAsync(string id, string owner, CancellationToken ct)
    {
        var delivery = await data.GetDeliveryAsync(id, ct);
        var subscription = delivery is null ? null : await data.GetSubscriptionAsync(delivery.SubscriptionId, ct);
        if (delivery is null || subscription is null)
        {
            return;
        }

        var at = clock.GetUtcNow();
        var secrets = subscription.PreviousSecret is { } previous && subscription.PreviousSecretExpiresAt > at
            ? new[] { subscription.Secret, previous }
            : [subscription.Secret];
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSecrets.Signatures(delivery.Id, at, delivery.Payload, secrets));
        request.Headers.UserAgent.ParseAdd("PartnerExchange-Webhooks/1.0");

        int? status = null;
        string? error = null;
        TimeSpan? retryAfter = null;
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.CreateClient(WebhookOptions.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            if (status is 429 or 503)
            {
                retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - clock.GetUtcNow());
            }

            error = status is >= 300 and < 400 ? $"Redirect to {response.Headers.Location} not followed." : null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"No response within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
        }

        var now = clock.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        var succeeded = status is >= 200 and < 300;
        var gone = status == 410;
        var next = succeeded || gone ? null : RetrySchedule.Next(attempts - delivery.RetryBase, now, retryAfter, Random.Shared.NextDouble());
        var outcome = delivery with
        {
            Attempts = attempts,
            Status = succeeded ? DeliveryStatus.Succeeded : next is null ? DeliveryStatus.Failed : DeliveryStatus.Pending,
        };
        var attempt = new AttemptRow
        {
            DeliveryId = delivery.Id, Attempt = attempts, AttemptedAt = at, StatusCode = status, Error = error, DurationMs = (int)watch.ElapsedMilliseconds,
        };
        if (!await data.CompleteAsync(outcome, owner, attempt, next, now, ct))
        {
            logger.LogWarning("Lost the lease on webhook delivery {DeliveryId} while sending it; its outcome is not recorded.", delivery.Id);
            return;
        }

        if (gone || (!succeeded && next is null))
        {
            var reason = gone
                ? $"The endpoint answered 410 Gone to delivery {delivery.Id}."
                : $"Delivery {delivery.Id} failed {attempts - delivery.RetryBase} times (last: {status?.ToString(CultureInfo.InvariantCulture) ?? error}).";
            await DisableAsync(subscription, reason, now, ct);
        }
    }

    /// <summary>Disables the subscription and leaves a <c>webhook.disabled</c> audit record for its owner.</summary>
    private async Task DisableAsync(SubscriptionRow subscription, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (!await data.DisableAsync(subscription.Id, reason, now, ct))
        {
            return;
        }

        logger.LogWarning("Webhook subscription {SubscriptionId} of {PartyId} disabled: {Reason}", subscription.Id, subscription.PartyId, reason);
        // The reason is on the subscription (GET /v1/webhooks/{id}: disabledReason); the audit records that it happened.
        await audit.WriteAsync(new AuditRow
        {
            Id = Guid.CreateVersion7(now).ToString(), ActorParty = subscription.PartyId, ClientId = "webhook-worker", Action = "webhook.disabled",
            Resource = $"/v1/webhooks/{subscription.Id}", Status = StatusCodes.Status200OK, RecordCount = 1, RequestId = subscription.Id, OccurredAt = now,
        }, [], ct);
    }
}
