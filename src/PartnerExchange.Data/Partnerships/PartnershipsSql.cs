using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Partnerships;

public sealed class PartnershipsSql : SqlCatalog
{
    private const string Columns =
        "id AS Id, vendor_id AS VendorId, partner_id AS PartnerId, status AS Status, created_at AS CreatedAt, updated_at AS UpdatedAt";

    public PartnershipsSql(ISqlDialect dialect) : base(dialect)
    {
        List = $"SELECT {Columns} FROM partnerships WHERE id > @after ORDER BY id {dialect.Limit("@limit")}";
        ListForParty =
            $"SELECT {Columns} FROM partnerships WHERE (vendor_id = @partyId OR partner_id = @partyId) AND id > @after " +
            $"ORDER BY id {dialect.Limit("@limit")}";
    }

    public string Insert { get; } =
        "INSERT INTO partnerships (id, vendor_id, partner_id, status, created_at, updated_at) " +
        "VALUES (@Id, @VendorId, @PartnerId, @Status, @CreatedAt, @UpdatedAt)";

    public string Get { get; } = $"SELECT {Columns} FROM partnerships WHERE id = @id";

    public string List { get; }

    public string ListForParty { get; }

    public string UpdateStatus { get; } = "UPDATE partnerships SET status = @status, updated_at = @updatedAt WHERE id = @id";
}
