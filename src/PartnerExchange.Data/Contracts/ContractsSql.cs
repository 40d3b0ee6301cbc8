using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Contracts;

public sealed class ContractsSql : SqlCatalog
{
    internal const string Columns =
        "partnership_id AS PartnershipId, version AS Version, status AS Status, revision AS Revision, drafted_by AS DraftedBy, " +
        "proposed_by AS ProposedBy, content AS Content, proposed_at AS ProposedAt, accepted_by_vendor_at AS AcceptedByVendorAt, " +
        "accepted_by_partner_at AS AcceptedByPartnerAt, activated_at AS ActivatedAt, superseded_at AS SupersededAt, " +
        "terminated_at AS TerminatedAt, rejected_at AS RejectedAt, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public ContractsSql(ISqlDialect dialect) : base(dialect)
    {
        List = $"SELECT {Columns} FROM contracts WHERE partnership_id = @partnershipId AND version > @afterVersion ORDER BY version {dialect.Limit("@limit")}";
        ActiveAfter =
            $"SELECT (SELECT vendor_id FROM partnerships p WHERE p.id = contracts.partnership_id) AS VendorId, {Columns} FROM contracts " +
            "WHERE status = 'active' AND partnership_id > @after AND partnership_id IN (SELECT id FROM partnerships WHERE status = 'active') " +
            $"ORDER BY partnership_id {dialect.Limit("@limit")}";
    }

    /// <summary>The active contracts of active partnerships, by partnership id, each with its vendor (for the reciprocity monitor).</summary>
    public string ActiveAfter { get; }

    /// <summary>
    /// A write to the partnership row locks it until commit on every database (SQLite: the write lock),
    /// so contract changes of one partnership run one after another and always see the latest state.
    /// </summary>
    public string LockPartnership { get; } = "UPDATE partnerships SET updated_at = updated_at WHERE id = @partnershipId";

    public string List { get; }

    public string Get { get; } = $"SELECT {Columns} FROM contracts WHERE partnership_id = @partnershipId AND version = @version";

    public string GetActive { get; } = $"SELECT {Columns} FROM contracts WHERE partnership_id = @partnershipId AND status = 'active'";

    public string NextVersion { get; } = "SELECT COALESCE(MAX(version), 0) + 1 FROM contracts WHERE partnership_id = @partnershipId";

    public string Insert { get; } =
        "INSERT INTO contracts (partnership_id, version, status, revision, drafted_by, proposed_by, content, proposed_at, " +
        "accepted_by_vendor_at, accepted_by_partner_at, activated_at, superseded_at, terminated_at, rejected_at, created_at, updated_at) " +
        "VALUES (@PartnershipId, @Version, @Status, @Revision, @DraftedBy, @ProposedBy, @Content, @ProposedAt, @AcceptedByVendorAt, " +
        "@AcceptedByPartnerAt, @ActivatedAt, @SupersededAt, @TerminatedAt, @RejectedAt, @CreatedAt, @UpdatedAt)";

    /// <summary>Writes a version's new state, only if nobody changed it since it was read (its revision).</summary>
    public string Save { get; } =
        "UPDATE contracts SET status = @Status, revision = @Revision, proposed_by = @ProposedBy, content = @Content, " +
        "proposed_at = @ProposedAt, accepted_by_vendor_at = @AcceptedByVendorAt, accepted_by_partner_at = @AcceptedByPartnerAt, " +
        "activated_at = @ActivatedAt, superseded_at = @SupersededAt, terminated_at = @TerminatedAt, rejected_at = @RejectedAt, " +
        "updated_at = @UpdatedAt WHERE partnership_id = @PartnershipId AND version = @Version AND revision = @ExpectedRevision";

    public string DeleteTypeRefs { get; } = "DELETE FROM contract_type_refs WHERE partnership_id = @partnershipId AND version = @version";

    public string InsertTypeRef { get; } =
        "INSERT INTO contract_type_refs (owner_id, type_key, partnership_id, version) VALUES (@ownerId, @typeKey, @partnershipId, @version)";
}
