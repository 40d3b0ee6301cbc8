using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Partnerships;

public sealed record PartnershipRow(string Id, string VendorId, string PartnerId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed class PartnershipsData(Db db)
{
    private readonly PartnershipsSql _sql = new(db.Dialect);

    /// <summary>Inserts the partnership; false when the vendor and partner already have one.</summary>
    public async Task<bool> TryInsertAsync(PartnershipRow partnership, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, partnership, cancellationToken: ct));
            return true;
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<PartnershipRow?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PartnershipRow>(new CommandDefinition(_sql.Get, new { id }, cancellationToken: ct));
    }

    /// <summary>All partnerships (operator) or the partnerships of one party.</summary>
    public async Task<IReadOnlyList<PartnershipRow>> ListAsync(string? partyId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var command = partyId is null
            ? new CommandDefinition(_sql.List, new { after, limit }, cancellationToken: ct)
            : new CommandDefinition(_sql.ListForParty, new { partyId, after, limit }, cancellationToken: ct);
        return (await connection.QueryAsync<PartnershipRow>(command)).AsList();
    }

    public async Task SetStatusAsync(string id, string status, DateTimeOffset updatedAt, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateStatus, new { id, status, updatedAt }, cancellationToken: ct));
    }
}
