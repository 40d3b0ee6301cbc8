using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Audit;

public sealed class AuditSql : SqlCatalog
{
    private const string Columns =
        "a.id AS Id, a.actor_party AS ActorParty, a.client_id AS ClientId, a.action AS Action, a.resource AS Resource, a.status AS Status, " +
        "a.partnership_id AS PartnershipId, a.record_count AS RecordCount, a.request_id AS RequestId, a.occurred_at AS OccurredAt";

    // Each optional filter is compared before it is tested for NULL, so PostgreSQL infers its type from the column.
    private const string Filters =
        "a.occurred_at >= @from AND a.occurred_at < @to AND (a.actor_party = @actor OR @actor IS NULL) " +
        "AND (a.action = @action OR @action IS NULL) AND a.id > @after";

    public AuditSql(ISqlDialect dialect) : base(dialect)
    {
        ListAll = $"SELECT {Columns} FROM audit_records a WHERE {Filters} ORDER BY a.id {dialect.Limit("@limit")}";
        ListForParty =
            $"SELECT {Columns} FROM audit_records a WHERE (a.actor_party = @partyId OR EXISTS " +
            "(SELECT 1 FROM audit_subjects s WHERE s.audit_id = a.id AND s.party_id = @partyId)) " +
            $"AND {Filters} ORDER BY a.id {dialect.Limit("@limit")}";
    }

    public string Insert { get; } =
        "INSERT INTO audit_records (id, actor_party, client_id, action, resource, status, partnership_id, customer_id, record_count, request_id, occurred_at) " +
        "VALUES (@Id, @ActorParty, @ClientId, @Action, @Resource, @Status, @PartnershipId, @CustomerId, @RecordCount, @RequestId, @OccurredAt)";

    public string InsertSubject { get; } = "INSERT INTO audit_subjects (audit_id, party_id) VALUES (@auditId, @partyId)";

    public string ListAll { get; }

    public string ListForParty { get; }

    /// <summary>Erasure: audit records keep the fact of an access, not the erased customer's id.</summary>
    public string ScrubCustomer { get; } =
        "UPDATE audit_records SET resource = REPLACE(resource, @customerId, '[erased]'), customer_id = NULL WHERE customer_id = @customerId " +
        "AND (actor_party = @vendorId OR EXISTS (SELECT 1 FROM audit_subjects s WHERE s.audit_id = audit_records.id AND s.party_id = @vendorId))";
}
