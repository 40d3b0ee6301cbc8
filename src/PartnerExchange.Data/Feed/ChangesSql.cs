using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Feed;

public sealed class ChangesSql : SqlCatalog
{
    internal const string Columns =
        "position AS Position, entity AS Entity, op AS Op, entity_key AS EntityKey, vendor_id AS VendorId, partnership_id AS PartnershipId, " +
        "customer_id AS CustomerId, publisher_id AS PublisherId, type_key AS TypeKey, occurred_at AS OccurredAt, data AS Data, committed_at AS CommittedAt";

    /// <summary>
    /// What a vendor's page needs: the vendor sees its program's changes as committed, so nothing else is read
    /// (the vendor is the caller; each extra column, the two times above all, costs more per row than the rest of the page).
    /// </summary>
    private const string VendorColumns =
        "position AS Position, entity AS Entity, op AS Op, publisher_id AS PublisherId, type_key AS TypeKey, data AS Data";

    /// <summary>What a partner's page needs besides: the columns the visibility rule reads.</summary>
    private const string PartnerColumns =
        VendorColumns + ", vendor_id AS VendorId, partnership_id AS PartnershipId, customer_id AS CustomerId, occurred_at AS OccurredAt";

    public ChangesSql(ISqlDialect dialect) : base(dialect)
    {
        ListForVendor = $"SELECT {VendorColumns} FROM changes WHERE vendor_id = @vendorId AND position > @after ORDER BY position {dialect.Limit("@limit")}";
        // The partner's own records, everything in its partnerships, and its vendors' program-wide records
        // (vendor signals and customers); the partner's grants then decide which of the latter it sees.
        ListCandidatesForPartner =
            $"SELECT {PartnerColumns} FROM changes WHERE position > @after AND (publisher_id = @partnerId " +
            "OR partnership_id IN (SELECT id FROM partnerships WHERE partner_id = @partnerId) " +
            "OR (partnership_id IS NULL AND vendor_id IN (SELECT vendor_id FROM partnerships WHERE partner_id = @partnerId))) " +
            $"ORDER BY position {dialect.Limit("@limit")}";
    }

    public string ListForVendor { get; }

    public string ListCandidatesForPartner { get; }

    /// <summary>Takes the feed's write lock for the rest of the transaction and reserves positions.</summary>
    public string Reserve { get; } = "UPDATE feed_head SET last_position = last_position + @count WHERE id = 1";

    public string Head { get; } = "SELECT last_position FROM feed_head WHERE id = 1";

    public string Insert { get; } =
        "INSERT INTO changes (position, entity, op, entity_key, vendor_id, partnership_id, customer_id, publisher_id, type_key, occurred_at, data, committed_at) " +
        "VALUES (@Position, @Entity, @Op, @EntityKey, @VendorId, @PartnershipId, @CustomerId, @PublisherId, @TypeKey, @OccurredAt, @Data, @CommittedAt)";
}
