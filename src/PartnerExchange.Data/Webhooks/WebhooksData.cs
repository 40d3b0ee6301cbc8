using Dapper;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Webhooks;

/// <summary>A subscription; <c>Events</c> is a JSON array of event types.</summary>
public sealed record SubscriptionRow
{
    public string Id { get; init; } = "";
    public string PartyId { get; init; } = "";
    public string PartyKind { get; init; } = "";
    public string Url { get; init; } = "";
    public string Events { get; init; } = "[]";
    public string? Description { get; init; }
    public string Status { get; init; } = "";
    public string? DisabledReason { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public string Secret { get; init; } = "";
    public string? PreviousSecret { get; init; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
    public long StartPosition { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One event for one subscription: its id is the stable <c>webhook-id</c>.</summary>
public sealed record DeliveryRow
{
    public string Id { get; init; } = "";
    public string SubscriptionId { get; init; } = "";
    public string EventKey { get; init; } = "";
    public string EventType { get; init; } = "";
    public string Payload { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public int RetryBase { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed record AttemptRow
{
    public string DeliveryId { get; init; } = "";
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public string? Error { get; init; }
    public int DurationMs { get; init; }
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>Subscriptions, the dispatcher's place in the change log, deliveries with their leases, and attempts.</summary>
public sealed class WebhooksData(Db db)
{
    private readonly WebhooksSql _sql = new(db.Dialect);

    /// <summary>Stores a subscription that starts after every change committed so far.</summary>
    public async Task<SubscriptionRow> InsertSubscriptionAsync(SubscriptionRow row, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var stored = row with { StartPosition = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.FeedHead, cancellationToken: ct)) };
        await connection.ExecuteAsync(new CommandDefinition(_sql.InsertSubscription, stored, cancellationToken: ct));
        return stored;
    }

    public async Task<SubscriptionRow?> GetSubscriptionAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(_sql.GetSubscription, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SubscriptionRow>> ListSubscriptionsAsync(string partyId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(_sql.ListSubscriptions, new { partyId, after, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<SubscriptionRow>> EnabledSubscriptionsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(_sql.EnabledSubscriptions, cancellationToken: ct))).AsList();
    }

    public async Task UpdateSubscriptionAsync(SubscriptionRow row, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateSubscription, row, cancellationToken: ct));
    }

    /// <summary>Disables an enabled subscription; false when it already was disabled.</summary>
    public async Task<bool> DisableAsync(string id, string reason, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.Disable, new { id, reason, now }, cancellationToken: ct)) == 1;
    }

    /// <summary>Deletes a subscription with its deliveries and their attempts.</summary>
    public async Task DeleteSubscriptionAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var statement in new[] { _sql.DeleteAttemptsOfSubscription, _sql.DeleteDeliveriesOfSubscription, _sql.DeleteSubscription })
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, new { id }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<long> FeedHeadAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.FeedHead, cancellationToken: ct));
    }

    /// <summary>
    /// Moves the dispatcher to <paramref name="head"/>, read before the caller found no enabled subscription: a
    /// subscription created since starts at or after that head, so it misses nothing.
    /// </summary>
    public async Task FastForwardAsync(long head, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.FastForward, new { head }, cancellationToken: ct));
    }

    /// <summary>Where the dispatcher stands and the committed changes after it (in commit order).</summary>
    public async Task<(long Position, IReadOnlyList<ChangeRow> Changes)> PendingChangesAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var position = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.DispatchPosition, cancellationToken: ct));
        var changes = await connection.QueryAsync<ChangeRow>(new CommandDefinition(_sql.ChangesAfter, new { after = position, limit }, cancellationToken: ct));
        return (position, changes.AsList());
    }

    /// <summary>
    /// Stores the deliveries of the changes up to <paramref name="to"/> and moves the dispatcher there, in one
    /// transaction; false (and nothing stored) when another process moved it from <paramref name="from"/> first.
    /// A delivery that exists already (same subscription and event) is kept as it is.
    /// </summary>
    public async Task<bool> CommitDispatchAsync(long from, long to, IReadOnlyList<DeliveryRow> deliveries, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(_sql.AdvanceDispatch, new { from, to }, transaction, cancellationToken: ct)) != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(_sql.InsertDelivery, deliveries, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>Stores one delivery outside the change log (a ping); false when it exists already.</summary>
    public async Task<bool> InsertDeliveryAsync(DeliveryRow delivery, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.InsertDelivery, delivery, cancellationToken: ct)) == 1;
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(new CommandDefinition(_sql.Due, new { now, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>Leases a due delivery to <paramref name="owner"/> until <paramref name="until"/>; false when another process holds it.</summary>
    public async Task<bool> ClaimAsync(string id, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.Claim, new { id, owner, now, until }, cancellationToken: ct)) == 1;
    }

    public async Task<DeliveryRow?> GetDeliveryAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DeliveryRow>(new CommandDefinition(_sql.GetDelivery, new { id }, cancellationToken: ct));
    }

    /// <summary>Records an attempt and its outcome; false when the lease was lost meanwhile (nothing recorded).</summary>
    public async Task<bool> CompleteAsync(DeliveryRow delivery, string owner, AttemptRow attempt, DateTimeOffset? next, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(_sql.Complete, new
        {
            id = delivery.Id, owner, status = delivery.Status, attempts = delivery.Attempts, next, code = attempt.StatusCode, error = attempt.Error, now,
        }, transaction, cancellationToken: ct));
        if (updated != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(_sql.InsertAttempt, attempt, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<(IReadOnlyList<DeliveryRow> Deliveries, IReadOnlyList<AttemptRow> Attempts)> ListDeliveriesAsync(
        string subscriptionId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var deliveries = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(_sql.ListDeliveries, new { subscriptionId, after, limit }, cancellationToken: ct))).AsList();
        if (deliveries.Count == 0)
        {
            return (deliveries, []);
        }

        var attempts = await connection.QueryAsync<AttemptRow>(new CommandDefinition(_sql.AttemptsOfDeliveries,
            new { subscriptionId, first = deliveries[0].Id, last = deliveries[^1].Id }, cancellationToken: ct));
        return (deliveries, attempts.AsList());
    }

    /// <summary>Schedules a delivery of the subscription again now; false when there is none or it is still pending.</summary>
    public async Task<bool> RetryAsync(string subscriptionId, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.Retry, new { subscriptionId, id, now }, cancellationToken: ct)) == 1;
    }
}
