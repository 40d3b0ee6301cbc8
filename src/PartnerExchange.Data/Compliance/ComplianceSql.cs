using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Compliance;

public sealed class ComplianceSql : SqlCatalog
{
    public ComplianceSql(ISqlDialect dialect) : base(dialect)
    {
        CountSubmissions = dialect.AddToCounters("submission_counts", ["partnership_id", "type_key", "day"], ["submitted", "accepted"]);
    }

    /// <summary>Adds one request's submitted and accepted items of a type to the day's counts.</summary>
    public string CountSubmissions { get; }

    /// <summary>The latest signal per (type, customer) the partner published in the partnership up to <c>asOf</c>.</summary>
    public string LatestByCustomer { get; } =
        "SELECT type_key AS TypeKey, customer_id AS CustomerId, MAX(occurred_at) AS Latest FROM signals " +
        "WHERE partnership_id = @partnershipId AND occurred_at <= @asOf GROUP BY type_key, customer_id";

    public string GetState { get; } =
        "SELECT below_since AS BelowSince, paused_at AS PausedAt, evaluated_at AS EvaluatedAt FROM reciprocity_state WHERE partnership_id = @partnershipId";

    /// <summary>Stores a new state only over the one it was computed from (the last change's time is its version).</summary>
    public string UpdateState { get; } =
        "UPDATE reciprocity_state SET below_since = @belowSince, paused_at = @pausedAt, evaluated_at = @now WHERE partnership_id = @partnershipId AND evaluated_at = @previous";

    public string InsertState { get; } =
        "INSERT INTO reciprocity_state (partnership_id, below_since, paused_at, evaluated_at) VALUES (@partnershipId, @belowSince, @pausedAt, @now)";

    public string Submissions { get; } =
        "SELECT type_key AS TypeKey, day AS Day, submitted AS Submitted, accepted AS Accepted FROM submission_counts " +
        "WHERE partnership_id = @partnershipId AND day >= @fromDay AND day <= @toDay";
}
