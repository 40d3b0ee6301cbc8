using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Signals;

public sealed class SignalsSql : SqlCatalog
{
    private const string Columns =
        "id AS Id, vendor_id AS VendorId, partnership_id AS PartnershipId, publisher_id AS PublisherId, publisher_kind AS PublisherKind, " +
        "external_id AS ExternalId, type_key AS TypeKey, customer_id AS CustomerId, occurred_at AS OccurredAt, payload AS Payload, " +
        "content_hash AS ContentHash, created_at AS CreatedAt, updated_at AS UpdatedAt";

    // Each optional filter is compared before it is tested for NULL, so PostgreSQL infers its type from the column.
    private const string Filters =
        "(customer_id = @customerId OR @customerId IS NULL) AND (type_key = @typeKey OR @typeKey IS NULL) " +
        "AND (partnership_id = @partnershipId OR @partnershipId IS NULL) AND (publisher_id = @publisherId OR @publisherId IS NULL) " +
        "AND occurred_at >= @from AND occurred_at < @to AND id > @after";

    public SignalsSql(ISqlDialect dialect) : base(dialect)
    {
        GetByExternalIds = $"SELECT {Columns} FROM signals WHERE publisher_id = @publisherId AND external_id IN ({dialect.JsonStrings("@externalIds")})";
        ListForVendor = $"SELECT {Columns} FROM signals WHERE vendor_id = @vendorId AND {Filters} ORDER BY id {dialect.Limit("@limit")}";
        InsertIfAbsent = dialect.InsertIfAbsent("signals",
            "id, vendor_id, partnership_id, publisher_id, publisher_kind, external_id, type_key, customer_id, occurred_at, payload, content_hash, created_at, updated_at",
            "@Id, @VendorId, @PartnershipId, @PublisherId, @PublisherKind, @ExternalId, @TypeKey, @CustomerId, @OccurredAt, @Payload, @ContentHash, @CreatedAt, @UpdatedAt",
            "publisher_id, external_id",
            "publisher_id = @PublisherId AND external_id = @ExternalId");
        // The partner's own signals and the vendor signals of its vendors; the grant decides which of the latter it sees.
        ListCandidatesForPartner =
            $"SELECT {Columns} FROM signals WHERE (publisher_id = @partnerId OR (publisher_kind = 'vendor' AND vendor_id IN " +
            $"(SELECT vendor_id FROM partnerships WHERE partner_id = @partnerId))) AND {Filters} ORDER BY id {dialect.Limit("@limit")}";
    }

    public string Get { get; } = $"SELECT {Columns} FROM signals WHERE id = @id";

    public string GetByExternalId { get; } = $"SELECT {Columns} FROM signals WHERE publisher_id = @publisherId AND external_id = @externalId";

    /// <summary>A publisher's stored signals among the external ids (a JSON array).</summary>
    public string GetByExternalIds { get; }

    public string ListForVendor { get; }

    public string ListCandidatesForPartner { get; }

    /// <summary>Inserts a new signal; affects no row when the publisher already has one with this external id.</summary>
    public string InsertIfAbsent { get; }

    public string Update { get; } =
        "UPDATE signals SET partnership_id = @PartnershipId, type_key = @TypeKey, customer_id = @CustomerId, occurred_at = @OccurredAt, " +
        "payload = @Payload, content_hash = @ContentHash, updated_at = @UpdatedAt WHERE id = @Id";

    public string Delete { get; } = "DELETE FROM signals WHERE id = @id";
}
