using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Idempotency;

public sealed class IdempotencySql(ISqlDialect dialect) : SqlCatalog(dialect)
{
    public string DeleteExpired { get; } = "DELETE FROM idempotency_keys WHERE expires_at < @now";

    public string Claim { get; } =
        "INSERT INTO idempotency_keys (client_id, idem_key, request_hash, status, created_at, expires_at) " +
        "VALUES (@clientId, @key, @requestHash, 'running', @now, @expiresAt)";

    public string Get { get; } =
        "SELECT request_hash AS RequestHash, status AS Status, response_status AS ResponseStatus, response_body AS ResponseBody " +
        "FROM idempotency_keys WHERE client_id = @clientId AND idem_key = @key";

    public string Complete { get; } =
        "UPDATE idempotency_keys SET status = 'done', response_status = @responseStatus, response_body = @responseBody " +
        "WHERE client_id = @clientId AND idem_key = @key";

    public string Release { get; } = "DELETE FROM idempotency_keys WHERE client_id = @clientId AND idem_key = @key AND status = 'running'";
}
