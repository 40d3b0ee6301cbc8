using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Parties;

public sealed record PartyRow(string Id, string Kind, string Name, DateTimeOffset CreatedAt);

public sealed class PartiesData(Db db)
{
    private readonly PartiesSql _sql = new(db.Dialect);

    /// <summary>Inserts the party; false when the id is taken.</summary>
    public async Task<bool> TryInsertAsync(PartyRow party, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, party, cancellationToken: ct));
            return true;
        }
        catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<PartyRow?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PartyRow>(new CommandDefinition(_sql.Get, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<PartyRow>> ListAsync(string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<PartyRow>(new CommandDefinition(_sql.List, new { after, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<long> CountAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.Count, cancellationToken: ct));
    }
}
