using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Clients;

public sealed class ClientsSql : SqlCatalog
{
    private const string Columns =
        "c.client_id AS ClientId, c.party_id AS PartyId, p.kind AS PartyKind, c.display_name AS DisplayName, " +
        "c.scopes AS Scopes, c.auth_method AS AuthMethod, c.secret_hash AS SecretHash, c.jwks AS Jwks, " +
        "c.status AS Status, c.created_at AS CreatedAt";

    private const string From = "FROM clients c LEFT JOIN parties p ON p.id = c.party_id";

    public ClientsSql(ISqlDialect dialect) : base(dialect)
    {
        ListByParty = $"SELECT {Columns} {From} WHERE c.party_id = @partyId AND c.client_id > @after ORDER BY c.client_id {dialect.Limit("@limit")}";
    }

    public string Insert { get; } =
        "INSERT INTO clients (client_id, party_id, display_name, scopes, auth_method, secret_hash, jwks, status, created_at) " +
        "VALUES (@ClientId, @PartyId, @DisplayName, @Scopes, @AuthMethod, @SecretHash, @Jwks, @Status, @CreatedAt)";

    public string Get { get; } = $"SELECT {Columns} {From} WHERE c.client_id = @clientId";

    public string ListByParty { get; }

    public string UpdateStatus { get; } =
        "UPDATE clients SET status = @status WHERE client_id = @clientId AND party_id = @partyId";

    public string Delete { get; } = "DELETE FROM clients WHERE client_id = @clientId AND party_id = @partyId";

    /// <summary>The operator client from configuration: its secret and scopes follow the configuration.</summary>
    public string UpdateOperator { get; } =
        "UPDATE clients SET secret_hash = @SecretHash, scopes = @Scopes, status = @Status, display_name = @DisplayName " +
        "WHERE client_id = @ClientId AND party_id IS NULL";

    public string Status { get; } = "SELECT status FROM clients WHERE client_id = @clientId";

    public string InsertAssertion { get; } =
        "INSERT INTO client_assertions (client_id, jti, expires_at) VALUES (@clientId, @jti, @expiresAt)";

    public string DeleteExpiredAssertions { get; } = "DELETE FROM client_assertions WHERE expires_at < @now";
}
