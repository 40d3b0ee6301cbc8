using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Webhooks;

public sealed class WebhooksSql : SqlCatalog
{
    private const string SubscriptionColumns =
        "id AS Id, party_id AS PartyId, party_kind AS PartyKind, url AS Url, events AS Events, description AS Description, status AS Status, " +
        "disabled_reason AS DisabledReason, disabled_at AS DisabledAt, secret AS Secret, previous_secret AS PreviousSecret, " +
        "previous_secret_expires_at AS PreviousSecretExpiresAt, start_position AS StartPosition, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private const string DeliveryColumns =
        "id AS Id, subscription_id AS SubscriptionId, event_key AS EventKey, event_type AS EventType, payload AS Payload, status AS Status, " +
        "attempts AS Attempts, retry_base AS RetryBase, next_attempt_at AS NextAttemptAt, lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, " +
        "last_status_code AS LastStatusCode, last_error AS LastError, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public WebhooksSql(ISqlDialect dialect) : base(dialect)
    {
        ListSubscriptions = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE party_id = @partyId AND id > @after ORDER BY id {dialect.Limit("@limit")}";
        ChangesAfter = $"SELECT {ChangesSql.Columns} FROM changes WHERE position > @after ORDER BY position {dialect.Limit("@limit")}";
        InsertDelivery = dialect.InsertIfAbsent("webhook_deliveries",
            "id, subscription_id, event_key, event_type, payload, status, attempts, retry_base, next_attempt_at, created_at, updated_at",
            "@Id, @SubscriptionId, @EventKey, @EventType, @Payload, @Status, @Attempts, @RetryBase, @NextAttemptAt, @CreatedAt, @UpdatedAt",
            "subscription_id, event_key",
            "subscription_id = @SubscriptionId AND event_key = @EventKey");
        Due =
            "SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id " +
            "WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.lease_expires_at IS NULL OR d.lease_expires_at < @now) AND s.status = 'enabled' " +
            $"ORDER BY d.next_attempt_at, d.id {dialect.Limit("@limit")}";
        ListDeliveries = $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE subscription_id = @subscriptionId AND id > @after ORDER BY id {dialect.Limit("@limit")}";
    }

    public string InsertSubscription { get; } =
        "INSERT INTO webhook_subscriptions (id, party_id, party_kind, url, events, description, status, disabled_reason, disabled_at, secret, previous_secret, " +
        "previous_secret_expires_at, start_position, created_at, updated_at) VALUES (@Id, @PartyId, @PartyKind, @Url, @Events, @Description, @Status, " +
        "@DisabledReason, @DisabledAt, @Secret, @PreviousSecret, @PreviousSecretExpiresAt, @StartPosition, @CreatedAt, @UpdatedAt)";

    public string GetSubscription { get; } = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE id = @id";

    public string ListSubscriptions { get; }

    public string EnabledSubscriptions { get; } = $"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE status = 'enabled'";

    public string UpdateSubscription { get; } =
        "UPDATE webhook_subscriptions SET url = @Url, events = @Events, description = @Description, status = @Status, disabled_reason = @DisabledReason, " +
        "disabled_at = @DisabledAt, secret = @Secret, previous_secret = @PreviousSecret, previous_secret_expires_at = @PreviousSecretExpiresAt, " +
        "updated_at = @UpdatedAt WHERE id = @Id";

    /// <summary>Disables a subscription unless it already is (so that only one process records why).</summary>
    public string Disable { get; } =
        "UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = @reason, disabled_at = @now, updated_at = @now WHERE id = @id AND status = 'enabled'";

    public string DeleteSubscription { get; } = "DELETE FROM webhook_subscriptions WHERE id = @id";

    public string DeleteAttemptsOfSubscription { get; } =
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE subscription_id = @id)";

    public string DeleteDeliveriesOfSubscription { get; } = "DELETE FROM webhook_deliveries WHERE subscription_id = @id";

    public string FeedHead { get; } = "SELECT last_position FROM feed_head WHERE id = 1";

    public string DispatchPosition { get; } = "SELECT position FROM webhook_dispatch WHERE id = 1";

    /// <summary>Moves the dispatcher on, only from where this process read it (another process may have moved it first).</summary>
    public string AdvanceDispatch { get; } = "UPDATE webhook_dispatch SET position = @to WHERE id = 1 AND position = @from";

    public string ChangesAfter { get; }

    /// <summary>Moves the dispatcher to a head read before it saw that no subscription exists.</summary>
    public string FastForward { get; } = "UPDATE webhook_dispatch SET position = @head WHERE id = 1 AND position < @head";

    public string InsertDelivery { get; }

    public string Due { get; }

    /// <summary>Leases a due delivery to one process: only one UPDATE can match while the lease is unexpired.</summary>
    public string Claim { get; } =
        "UPDATE webhook_deliveries SET lease_owner = @owner, lease_expires_at = @until WHERE id = @id AND status = 'pending' " +
        "AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at < @now)";

    public string GetDelivery { get; } = $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE id = @id";

    public string ListDeliveries { get; }

    /// <summary>Records an attempt's outcome, only while this process still holds the lease.</summary>
    public string Complete { get; } =
        "UPDATE webhook_deliveries SET status = @status, attempts = @attempts, next_attempt_at = @next, lease_owner = NULL, lease_expires_at = NULL, " +
        "last_status_code = @code, last_error = @error, updated_at = @now WHERE id = @id AND lease_owner = @owner";

    public string InsertAttempt { get; } =
        "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms) VALUES (@DeliveryId, @Attempt, @AttemptedAt, @StatusCode, @Error, @DurationMs)";

    public string AttemptsOfDeliveries { get; } =
        "SELECT a.delivery_id AS DeliveryId, a.attempt AS Attempt, a.attempted_at AS AttemptedAt, a.status_code AS StatusCode, a.error AS Error, a.duration_ms AS DurationMs " +
        "FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.subscription_id = @subscriptionId AND d.id >= @first AND d.id <= @last " +
        "ORDER BY a.delivery_id, a.attempt";

    /// <summary>Schedules a finished delivery again, now, with the whole retry schedule ahead of it.</summary>
    public string Retry { get; } =
        "UPDATE webhook_deliveries SET status = 'pending', retry_base = attempts, next_attempt_at = @now, lease_owner = NULL, lease_expires_at = NULL, updated_at = @now " +
        "WHERE id = @id AND subscription_id = @subscriptionId AND status <> 'pending'";
}
