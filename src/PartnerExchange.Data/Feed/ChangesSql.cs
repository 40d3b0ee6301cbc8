using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Feed;

public sealed class ChangesSql(ISqlDialect dialect) : SqlCatalog(dialect)
{
    /// <summary>Takes the feed's write lock for the rest of the transaction and reserves positions.</summary>
    public string Reserve { get; } = "UPDATE feed_head SET last_position = last_position + @count WHERE id = 1";

    public string Head { get; } = "SELECT last_position FROM feed_head WHERE id = 1";

    public string Insert { get; } =
        "INSERT INTO changes (position, entity, op, entity_key, vendor_id, partnership_id, customer_id, publisher_id, type_key, occurred_at, data, committed_at) " +
        "VALUES (@Position, @Entity, @Op, @EntityKey, @VendorId, @PartnershipId, @CustomerId, @PublisherId, @TypeKey, @OccurredAt, @Data, @CommittedAt)";
}
