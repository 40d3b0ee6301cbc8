using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Clients;

public sealed record ClientRow(
    string ClientId,
    string? PartyId,
    string? PartyKind,
    string DisplayName,
    string Scopes,
    string AuthMethod,
    string? SecretHash,
    string? Jwks,
    string Status,
    DateTimeOffset CreatedAt);

public static class ClientAuthMethod
{
    public const string ClientSecret = "client_secret";
    public const string PrivateKeyJwt = "private_key_jwt";
}

public static class ClientStatus
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}

public sealed class ClientsData(Db db)
{
    private readonly ClientsSql _sql = new(db.Dialect);

    public async Task InsertAsync(ClientRow client, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, client, cancellationToken: ct));
    }

    public async Task<ClientRow?> GetAsync(string clientId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ClientRow>(new CommandDefinition(_sql.Get, new { clientId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ClientRow>> ListByPartyAsync(string partyId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<ClientRow>(new CommandDefinition(_sql.ListByParty, new { partyId, after, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<bool> SetStatusAsync(string partyId, string clientId, string status, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateStatus, new { partyId, clientId, status }, cancellationToken: ct)) == 1;
    }

    public async Task<bool> DeleteAsync(string partyId, string clientId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(_sql.Delete, new { partyId, clientId }, cancellationToken: ct)) == 1;
    }

    /// <summary>The client's status, or null when it no longer exists.</summary>
    public async Task<string?> GetStatusAsync(string clientId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(_sql.Status, new { clientId }, cancellationToken: ct));
    }

    /// <summary>Creates the operator client, or brings its secret and scopes in line with the configuration.</summary>
    public async Task UpsertOperatorAsync(ClientRow client, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var updated = await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateOperator, client, cancellationToken: ct));
        if (updated == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, client, cancellationToken: ct));
        }
    }

    /// <summary>
    /// Records a client assertion's jti until it expires; false when it was seen before (a replay).
    /// </summary>
    public async Task<bool> TryRecordAssertionAsync(string clientId, string jti, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.DeleteExpiredAssertions, new { now }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.InsertAssertion, new { clientId, jti, expiresAt }, cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }
}
