using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Customers;

public sealed class CustomersSql : SqlCatalog
{
    private const string Columns =
        "c.vendor_id AS VendorId, c.customer_id AS CustomerId, c.name AS Name, c.domain AS Domain, c.segment AS Segment, " +
        "c.region AS Region, c.created_at AS CreatedAt, c.updated_at AS UpdatedAt";

    // A partner sees a customer while one of its partnerships has an approved link to it.
    private const string ApprovedForPartner =
        "EXISTS (SELECT 1 FROM customer_links l JOIN partnerships p ON p.id = l.partnership_id " +
        "WHERE l.vendor_id = c.vendor_id AND l.customer_id = c.customer_id AND l.status = 'approved' AND p.partner_id = @partnerId)";

    // Each optional parameter is compared before it is tested for NULL, so PostgreSQL infers its type from the column.
    private const string Filters =
        "(c.segment = @segment OR @segment IS NULL) AND (c.region = @region OR @region IS NULL) " +
        "AND c.updated_at >= @updatedSince";

    public CustomersSql(ISqlDialect dialect) : base(dialect)
    {
        Existing = $"SELECT customer_id FROM customers WHERE vendor_id = @vendorId AND customer_id IN ({dialect.JsonStrings("@customerIds")})";
        ListForVendor =
            $"SELECT {Columns} FROM customers c WHERE c.vendor_id = @vendorId AND c.customer_id > @after AND {Filters} " +
            $"ORDER BY c.customer_id {dialect.Limit("@limit")}";
        ListForPartner =
            $"SELECT {Columns} FROM customers c WHERE {ApprovedForPartner} " +
            "AND (c.vendor_id > @afterVendor OR (c.vendor_id = @afterVendor AND c.customer_id > @after)) " +
            $"AND {Filters} ORDER BY c.vendor_id, c.customer_id {dialect.Limit("@limit")}";
    }

    public string Get { get; } = $"SELECT {Columns} FROM customers c WHERE c.vendor_id = @vendorId AND c.customer_id = @customerId";

    /// <summary>Which of the customer ids (a JSON array) the vendor has.</summary>
    public string Existing { get; }

    public string GetForPartner { get; } = $"SELECT {Columns} FROM customers c WHERE c.customer_id = @customerId AND {ApprovedForPartner}";

    public string FindByDomain { get; } = $"SELECT {Columns} FROM customers c WHERE c.vendor_id = @vendorId AND c.domain = @domain";

    public string ListForVendor { get; }

    public string ListForPartner { get; }

    public string Insert { get; } =
        "INSERT INTO customers (vendor_id, customer_id, name, domain, segment, region, created_at, updated_at) " +
        "VALUES (@VendorId, @CustomerId, @Name, @Domain, @Segment, @Region, @CreatedAt, @UpdatedAt)";

    // Erasure (DESIGN §5): the customer, its links, every signal about it from every publisher, and the
    // change-log snapshots that carry its data; tombstones are appended afterwards.
    public string SignalsAbout { get; } =
        "SELECT id AS Id, partnership_id AS PartnershipId, publisher_id AS PublisherId, type_key AS TypeKey, occurred_at AS OccurredAt " +
        "FROM signals WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string LinkedPartnerships { get; } = "SELECT partnership_id FROM customer_links WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string EraseSignals { get; } = "DELETE FROM signals WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string EraseLinks { get; } = "DELETE FROM customer_links WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string EraseChanges { get; } = "DELETE FROM changes WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string Erase { get; } = "DELETE FROM customers WHERE vendor_id = @vendorId AND customer_id = @customerId";

    public string Update { get; } =
        "UPDATE customers SET name = @Name, domain = @Domain, segment = @Segment, region = @Region, updated_at = @UpdatedAt " +
        "WHERE vendor_id = @VendorId AND customer_id = @CustomerId";
}
