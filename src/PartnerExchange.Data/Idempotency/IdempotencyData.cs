using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Idempotency;

/// <summary>The stored state of an idempotency key.</summary>
public sealed record IdempotencyRecord
{
    public string RequestHash { get; init; } = "";
    public string Status { get; init; } = "";
    public int? ResponseStatus { get; init; }
    public string? ResponseBody { get; init; }
}

public sealed class IdempotencyData(Db db)
{
    private readonly IdempotencySql _sql = new(db.Dialect);

    /// <summary>Claims the key for this request; when it is taken, returns the existing record instead.</summary>
    public async Task<IdempotencyRecord?> TryClaimAsync(string clientId, string key, string requestHash, DateTimeOffset now, TimeSpan keep, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteExpired, new { now }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Claim, new { clientId, key, requestHash, now, expiresAt = now + keep }, cancellationToken: ct));
            return null;
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(_sql.Get, new { clientId, key }, cancellationToken: ct))
                ?? new IdempotencyRecord { RequestHash = requestHash, Status = "running" };
        }
    }

    public async Task CompleteAsync(string clientId, string key, int responseStatus, string responseBody, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.Complete, new { clientId, key, responseStatus, responseBody }, cancellationToken: ct));
    }

    /// <summary>Frees a key whose request failed, so that a retry can run.</summary>
    public async Task ReleaseAsync(string clientId, string key)
    {
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(_sql.Release, new { clientId, key }));
    }
}
