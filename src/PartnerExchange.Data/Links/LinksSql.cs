using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Links;

public sealed class LinksSql : SqlCatalog
{
    internal const string Columns =
        "id AS Id, partnership_id AS PartnershipId, vendor_id AS VendorId, customer_id AS CustomerId, " +
        "partner_account_ref AS PartnerAccountRef, claimed_domain AS ClaimedDomain, status AS Status, requested_by AS RequestedBy, " +
        "created_at AS CreatedAt, decided_at AS DecidedAt";

    public LinksSql(ISqlDialect dialect) : base(dialect)
    {
        List = $"SELECT {Columns} FROM customer_links WHERE partnership_id = @partnershipId AND id > @after ORDER BY id {dialect.Limit("@limit")}";
    }

    public string List { get; }

    public string GetByCustomer { get; } = $"SELECT {Columns} FROM customer_links WHERE partnership_id = @partnershipId AND customer_id = @customerId";

    /// <summary>The approved links of a partnership (for resolving customers on publish and for visibility).</summary>
    public string Approved { get; } = $"SELECT {Columns} FROM customer_links WHERE partnership_id = @partnershipId AND status = 'approved'";

    public string Insert { get; } =
        "INSERT INTO customer_links (id, partnership_id, vendor_id, customer_id, partner_account_ref, claimed_domain, status, requested_by, created_at, decided_at) " +
        "VALUES (@Id, @PartnershipId, @VendorId, @CustomerId, @PartnerAccountRef, @ClaimedDomain, @Status, @RequestedBy, @CreatedAt, @DecidedAt)";

    public string Decide { get; } = "UPDATE customer_links SET status = @status, decided_at = @decidedAt WHERE id = @id AND status = 'pending'";

    public string Delete { get; } = "DELETE FROM customer_links WHERE id = @id";
}
