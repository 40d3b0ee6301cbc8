using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.SignalTypes;

public sealed class SignalTypesSql : SqlCatalog
{
    private const string Columns =
        "owner_id AS OwnerId, type_key AS TypeKey, stage AS Stage, category AS Category, publisher AS Publisher, " +
        "description AS Description, unit AS Unit, payload_schema AS PayloadSchema, created_at AS CreatedAt, updated_at AS UpdatedAt";

    // Built-in types (owner ''), the caller's own types, and the types of the vendors the caller partners with.
    private const string Visible =
        "(@everything = 1 OR owner_id = '' OR owner_id = @partyId " +
        "OR owner_id IN (SELECT vendor_id FROM partnerships WHERE partner_id = @partyId))";

    public SignalTypesSql(ISqlDialect dialect) : base(dialect)
    {
        ListVisible =
            $"SELECT {Columns} FROM signal_types WHERE {Visible} " +
            "AND (type_key > @afterKey OR (type_key = @afterKey AND owner_id > @afterOwner)) " +
            $"ORDER BY type_key, owner_id {dialect.Limit("@limit")}";
    }

    public string ListVisible { get; }

    public string FindVisible { get; } = $"SELECT {Columns} FROM signal_types WHERE type_key = @key AND {Visible} ORDER BY owner_id";

    /// <summary>The types a partnership's contracts may name: built-in and its vendor's own.</summary>
    public string ForVendor { get; } = $"SELECT {Columns} FROM signal_types WHERE owner_id = '' OR owner_id = @vendorId";

    public string Get { get; } = $"SELECT {Columns} FROM signal_types WHERE owner_id = @ownerId AND type_key = @key";

    public string Insert { get; } =
        "INSERT INTO signal_types (owner_id, type_key, stage, category, publisher, description, unit, payload_schema, created_at, updated_at) " +
        "VALUES (@OwnerId, @TypeKey, @Stage, @Category, @Publisher, @Description, @Unit, @PayloadSchema, @CreatedAt, @UpdatedAt)";

    public string Update { get; } =
        "UPDATE signal_types SET stage = @Stage, category = @Category, publisher = @Publisher, description = @Description, " +
        "unit = @Unit, payload_schema = @PayloadSchema, updated_at = @UpdatedAt WHERE owner_id = @OwnerId AND type_key = @TypeKey";

    public string Delete { get; } = "DELETE FROM signal_types WHERE owner_id = @ownerId AND type_key = @key";

    public string References { get; } = "SELECT COUNT(*) FROM contract_type_refs WHERE owner_id = @ownerId AND type_key = @key";
}
