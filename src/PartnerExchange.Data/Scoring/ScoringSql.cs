using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Links;
using PartnerExchange.Domain.Signals;

namespace PartnerExchange.Data.Scoring;

public sealed class ScoringSql : SqlCatalog
{
    private const string ModelColumns = "id AS Id, vendor_id AS VendorId, model_key AS ModelKey, version AS Version, definition AS Definition, created_at AS CreatedAt";

    private const string ProgramColumns =
        "vendor_id AS VendorId, executive_sponsor AS ExecutiveSponsor, review_cadence_days AS ReviewCadenceDays, " +
        "last_review_on AS LastReviewOn, score_uses AS ScoreUses, updated_at AS UpdatedAt";

    /// <summary>
    /// What scoring reads of a signal. The payload only for the types scoring takes a number from (outcomes and active
    /// users, by the built-in catalogue; vendor-defined types may be outcomes), so that a program-wide scan stays light.
    /// </summary>
    private static readonly string s_signalColumns =
        "s.type_key AS TypeKey, s.customer_id AS CustomerId, s.publisher_id AS PublisherId, s.partnership_id AS PartnershipId, " +
        "s.occurred_at AS OccurredAt, CASE WHEN s.type_key IN (" +
        string.Join(", ", BuiltInSignalTypes.All.Where(t => t.Category == "outcome" || t.Key == "adopt.active_users").Select(t => $"'{t.Key}'")) +
        ") OR s.type_key LIKE 'x-%' THEN s.payload END AS Payload";

    public ScoringSql(ISqlDialect dialect) : base(dialect)
    {
        ListModels = $"SELECT {ModelColumns} FROM scoring_models WHERE vendor_id = @vendorId AND id > @after ORDER BY id {dialect.Limit("@limit")}";
        LatestModel = $"SELECT {ModelColumns} FROM scoring_models WHERE vendor_id = @vendorId ORDER BY created_at DESC, id DESC {dialect.Limit("1")}";
        SignalsForPartnership =
            $"SELECT {s_signalColumns} FROM customer_links l JOIN signals s ON s.vendor_id = l.vendor_id AND s.customer_id = l.customer_id " +
            "WHERE l.partnership_id = @partnershipId AND l.status = 'approved' AND s.occurred_at >= @from AND s.occurred_at <= @to";
        SignalsForVendor = $"SELECT {s_signalColumns} FROM signals s WHERE s.vendor_id = @vendorId AND s.occurred_at >= @from AND s.occurred_at <= @to";
    }

    public string ListModels { get; }

    /// <summary>The vendor's most recently created model version: its active model.</summary>
    public string LatestModel { get; }

    public string GetModel { get; } = $"SELECT {ModelColumns} FROM scoring_models WHERE id = @id";

    public string NextModelVersion { get; } = "SELECT COALESCE(MAX(version), 0) + 1 FROM scoring_models WHERE vendor_id = @vendorId AND model_key = @modelKey";

    public string InsertModel { get; } =
        "INSERT INTO scoring_models (id, vendor_id, model_key, version, definition, created_at) VALUES (@Id, @VendorId, @ModelKey, @Version, @Definition, @CreatedAt)";

    public string GetProgram { get; } = $"SELECT {ProgramColumns} FROM programs WHERE vendor_id = @vendorId";

    public string UpdateProgram { get; } =
        "UPDATE programs SET executive_sponsor = @ExecutiveSponsor, review_cadence_days = @ReviewCadenceDays, last_review_on = @LastReviewOn, " +
        "score_uses = @ScoreUses, updated_at = @UpdatedAt WHERE vendor_id = @VendorId";

    public string InsertProgram { get; } =
        "INSERT INTO programs (vendor_id, executive_sponsor, review_cadence_days, last_review_on, score_uses, updated_at) " +
        "VALUES (@VendorId, @ExecutiveSponsor, @ReviewCadenceDays, @LastReviewOn, @ScoreUses, @UpdatedAt)";

    /// <summary>Signals about a partnership's approved customers in a time range, from every publisher.</summary>
    public string SignalsForPartnership { get; }

    /// <summary>Every signal of the vendor's program in a time range.</summary>
    public string SignalsForVendor { get; }

    public string PartnershipsOfVendor { get; } =
        "SELECT id AS Id, vendor_id AS VendorId, partner_id AS PartnerId, status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt " +
        "FROM partnerships WHERE vendor_id = @vendorId ORDER BY id";

    public string ApprovedLinksOfVendor { get; } =
        $"SELECT {LinksSql.Columns} FROM customer_links WHERE vendor_id = @vendorId AND status = 'approved' AND customer_id IS NOT NULL";

    /// <summary>Every contract version of the program that was ever active (replays pick the one in force at their moment).</summary>
    public string ActivatedContractsOfVendor { get; } =
        $"SELECT {ContractsSql.Columns} FROM contracts WHERE activated_at IS NOT NULL AND partnership_id IN (SELECT id FROM partnerships WHERE vendor_id = @vendorId)";

    public string SubmissionsOfVendor { get; } =
        "SELECT c.partnership_id AS PartnershipId, c.type_key AS TypeKey, c.day AS Day, c.submitted AS Submitted, c.accepted AS Accepted " +
        "FROM submission_counts c JOIN partnerships p ON p.id = c.partnership_id WHERE p.vendor_id = @vendorId AND c.day >= @fromDay AND c.day <= @toDay";

    public string SnapshotsOfVendor { get; } =
        "SELECT partnership_id AS PartnershipId, vendor_id AS VendorId, model_id AS ModelId, score AS Score, tier AS Tier, computed_at AS ComputedAt " +
        "FROM score_snapshots WHERE vendor_id = @vendorId";

    public string InsertSnapshot { get; } =
        "INSERT INTO score_snapshots (partnership_id, vendor_id, model_id, score, tier, computed_at) VALUES (@PartnershipId, @VendorId, @ModelId, @Score, @Tier, @ComputedAt)";

    /// <summary>Replaces the snapshot it was compared with, only if no other process replaced it first.</summary>
    public string UpdateSnapshot { get; } =
        "UPDATE score_snapshots SET model_id = @ModelId, score = @Score, tier = @Tier, computed_at = @ComputedAt WHERE partnership_id = @PartnershipId AND computed_at = @Previous";
}
