namespace PartnerExchange.Domain.Webhooks;

/// <summary>The events of DESIGN §7 a party may subscribe to, and which change-log entry raises which.</summary>
public static class WebhookEvents
{
    public const string SignalPublished = "signal.published";
    public const string SignalDeleted = "signal.deleted";
    public const string CustomerLinkRequested = "customer.link_requested";
    public const string CustomerLinked = "customer.linked";
    public const string ContractProposed = "contract.proposed";
    public const string ContractActivated = "contract.activated";
    public const string ContractTerminated = "contract.terminated";
    public const string ReciprocityPaused = "reciprocity.paused";
    public const string ReciprocityResumed = "reciprocity.resumed";
    public const string ScoreChanged = "score.changed";

    /// <summary>Sent by <c>POST /v1/webhooks/{id}/ping</c> only; never subscribed to.</summary>
    public const string Ping = "webhook.ping";

    public static IReadOnlyList<string> All { get; } =
    [
        SignalPublished, SignalDeleted, CustomerLinkRequested, CustomerLinked, ContractProposed, ContractActivated,
        ContractTerminated, ReciprocityPaused, ReciprocityResumed, ScoreChanged,
    ];

    /// <summary>
    /// The event a change-log entry raises, or null. <paramref name="status"/> is the link's or contract's status as
    /// committed (a contract is proposed once: the proposer's acceptance comes with the proposal).
    /// </summary>
    public static string? ForChange(string entity, string op, string? status) => (entity, op, status) switch
    {
        ("signal", "upsert", _) => SignalPublished,
        ("signal", "delete", _) => SignalDeleted,
        ("link", "upsert", "pending") => CustomerLinkRequested,
        ("link", "upsert", "approved") => CustomerLinked,
        ("contract", "upsert", "proposed") => ContractProposed,
        ("contract", "upsert", "active") => ContractActivated,
        ("contract", "upsert", "terminated") => ContractTerminated,
        ("reciprocity", "paused", _) => ReciprocityPaused,
        ("reciprocity", "resumed", _) => ReciprocityResumed,
        ("score", "changed", _) => ScoreChanged,
        _ => null,
    };
}
