using System.Text.Json;
using Microsoft.Extensions.Options;
using PartnerExchange.Api.Feed;
using PartnerExchange.Api.Infrastructure;
using PartnerExchange.Api.Signals;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Webhooks;
using PartnerExchange.Domain.Exchange;
using PartnerExchange.Domain.Parties;
using PartnerExchange.Domain.Webhooks;

namespace PartnerExchange.Api.Webhooks;

/// <summary>The body of every webhook (Standard Webhooks' recommended shape).</summary>
/// <param name="Type">The event type, e.g. <c>signal.published</c>.</param>
/// <param name="Timestamp">When the change that raised it was committed.</param>
/// <param name="Data">The entity as committed, as the receiving party may see it (the feed's view of the change).</param>
public sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, RawJson Data);

/// <summary>
/// Turns committed changes into deliveries. The change log is the outbox: each change was written in its writer's
/// transaction, in commit order, so following it never misses a committed change nor sees a rolled-back one.
/// Each change yields at most one delivery per subscription (unique on subscription and change position), and
/// only for subscriptions whose party may see it (DESIGN §3), with the entitlement's projection applied.
/// </summary>
public sealed class WebhookDispatcher(WebhooksData data, PartnerGrants grants)
{
    public const int BatchSize = 500;

    /// <summary>Dispatches the next batch of changes; returns how many changes it consumed.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        var head = await data.FeedHeadAsync(ct);
        var subscriptions = await data.EnabledSubscriptionsAsync(ct);
        if (subscriptions.Count == 0)
        {
            await data.FastForwardAsync(head, ct);
            return 0;
        }

        var (position, changes) = await data.PendingChangesAsync(BatchSize, ct);
        if (changes.Count == 0)
        {
            return 0;
        }

        var partnerGrants = new Dictionary<string, IReadOnlyDictionary<string, PartnerGrant>>(StringComparer.Ordinal);
        foreach (var partnerId in subscriptions.Where(s => s.PartyKind == PartyKind.Partner).Select(s => s.PartyId).Distinct())
        {
            partnerGrants[partnerId] = await grants.ForPartnerAsync(partnerId, ct);
        }

        var events = subscriptions.ToDictionary(s => s.Id, s => JsonSerializer.Deserialize<string[]>(s.Events)!.ToHashSet(StringComparer.Ordinal));
        var deliveries = new List<DeliveryRow>();
        foreach (var change in changes)
        {
            var entity = change.Data is null ? (JsonElement?)null : JsonDocument.Parse(change.Data).RootElement;
            var type = WebhookEvents.ForChange(change.Entity, change.Op, Status(entity));
            if (type is null)
            {
                continue;
            }

            foreach (var subscription in subscriptions.Where(s => change.Position > s.StartPosition && events[s.Id].Contains(type)))
            {
                if (VisibleTo(subscription, change, partnerGrants) is not { } visible)
                {
                    continue;
                }

                var payload = JsonSerializer.Serialize(new WebhookPayload(type, change.CommittedAt, new RawJson(visible)), ApiJson.Web);
                deliveries.Add(NewDelivery(subscription.Id, $"change:{change.Position}", type, payload, change.CommittedAt) with
                {
                    // Ids sort by commit order, so that deliveries due at the same moment go out in that order.
                    Id = $"msg_{change.Position:x16}{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}",
                });
            }
        }

        await data.CommitDispatchAsync(position, changes[^1].Position, deliveries, ct);
        return changes.Count;
    }

    public static DeliveryRow NewDelivery(string subscriptionId, string eventKey, string type, string payload, DateTimeOffset now) => new()
    {
        Id = "msg_" + Guid.CreateVersion7(now).ToString("N"), SubscriptionId = subscriptionId, EventKey = eventKey, EventType = type, Payload = payload,
        Status = DeliveryStatus.Pending, Attempts = 0, RetryBase = 0, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
    };

    private static string? Status(JsonElement? data) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;

    /// <summary>
    /// What the subscription's party may see of the change, as JSON text: the vendor its whole program, a partner the
    /// feed's view (a change without data is sent as an empty object).
    /// </summary>
    private static string? VisibleTo(SubscriptionRow subscription, ChangeRow change,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, PartnerGrant>> partnerGrants)
    {
        const string Empty = "{}";
        if (subscription.PartyKind == PartyKind.Vendor)
        {
            return change.VendorId == subscription.PartyId ? change.Data ?? Empty : null;
        }

        var grants = partnerGrants[subscription.PartyId];
        if (change.Entity is "reciprocity" or "score")
        {
            var grant = change.VendorId is null ? null : grants.GetValueOrDefault(change.VendorId);
            return grant is not null && grant.PartnershipId == change.PartnershipId ? change.Data ?? Empty : null;
        }

        return FeedApi.PartnerData(change, subscription.PartyId, grants);
    }
}

/// <summary>
/// Runs the dispatcher and the sender in every API process (DESIGN §7). Deliveries are claimed with a lease in
/// the database, so two processes never send the same attempt at once, and a delivery whose process died is taken
/// over when its lease expires. Each round uses its own scope; shutdown stops between deliveries.
/// </summary>
public sealed class WebhookWorker(
    IServiceScopeFactory scopes, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookWorker> logger, IHostApplicationLifetime lifetime)
    : PeriodicWorker(clock, logger, lifetime)
{
    private DateTimeOffset _nextScoreCheck = DateTimeOffset.MinValue;

    /// <summary>This process's name on the leases it takes.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// One round: raise score.changed when a check is due (every <see cref="WebhookOptions.ScoreCheckInterval"/>),
    /// dispatch every pending change, then send every due delivery.
    /// </summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (Clock.GetUtcNow() >= _nextScoreCheck)
        {
            _nextScoreCheck = Clock.GetUtcNow() + options.Value.ScoreCheckInterval;
            await scope.ServiceProvider.GetRequiredService<Scoring.ScoreWatcher>().CheckAsync(ct);
        }

        var dispatcher = scope.ServiceProvider.GetRequiredService<WebhookDispatcher>();
        while (await dispatcher.DispatchAsync(ct) == WebhookDispatcher.BatchSize)
        {
        }

        var sender = scope.ServiceProvider.GetRequiredService<WebhookSender>();
        while (await sender.SendDueAsync(Owner, ct) > 0)
        {
        }
    }

    protected override bool Enabled => options.Value.WorkerEnabled;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override Task RunRoundAsync(CancellationToken ct) => RunOnceAsync(ct);
}
