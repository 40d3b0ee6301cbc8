using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Contracts;

/// <summary>A stored contract version (settable properties: Dapper converts the providers' column types through them).</summary>
public sealed record ContractRow
{
    public string PartnershipId { get; init; } = "";
    public int Version { get; init; }
    public string Status { get; init; } = "";
    public int Revision { get; init; }
    public string DraftedBy { get; init; } = "";
    public string? ProposedBy { get; init; }
    public string Content { get; init; } = "";
    public DateTimeOffset? ProposedAt { get; init; }
    public DateTimeOffset? AcceptedByVendorAt { get; init; }
    public DateTimeOffset? AcceptedByPartnerAt { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public DateTimeOffset? SupersededAt { get; init; }
    public DateTimeOffset? TerminatedAt { get; init; }
    public DateTimeOffset? RejectedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public sealed class ContractsData(Db db, ChangeLog changes)
{
    private readonly ContractsSql _sql = new(db.Dialect);

    public async Task<IReadOnlyList<ContractRow>> ListAsync(string partnershipId, int afterVersion, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ContractRow>(new CommandDefinition(_sql.List, new { partnershipId, afterVersion, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<ContractRow?> GetAsync(string partnershipId, int version, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ContractRow>(new CommandDefinition(_sql.Get, new { partnershipId, version }, cancellationToken: ct));
    }

    public async Task<ContractRow?> GetActiveAsync(string partnershipId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ContractRow>(new CommandDefinition(_sql.GetActive, new { partnershipId }, cancellationToken: ct));
    }

    /// <summary>A page of the active contracts of active partnerships after a partnership id, each with the partnership's vendor.</summary>
    public async Task<IReadOnlyList<(string VendorId, ContractRow Contract)>> ActiveAfterAsync(string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string, ContractRow, (string, ContractRow)>(new CommandDefinition(_sql.ActiveAfter, new { after, limit }, cancellationToken: ct),
            (vendorId, contract) => (vendorId, contract), splitOn: "PartnershipId")).AsList();
    }

    /// <summary>Starts a unit of work holding the partnership's lock; null when the partnership does not exist.</summary>
    public async Task<ContractsUnit?> BeginAsync(string partnershipId, CancellationToken ct)
    {
        var connection = await db.OpenAsync(ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        var locked = await connection.ExecuteAsync(new CommandDefinition(_sql.LockPartnership, new { partnershipId }, transaction, cancellationToken: ct));
        var unit = new ContractsUnit(connection, transaction, _sql, changes, partnershipId);
        if (locked == 1)
        {
            return unit;
        }

        await unit.DisposeAsync();
        return null;
    }
}

/// <summary>The contract changes of one partnership inside one transaction; disposing without commit rolls back.</summary>
public sealed class ContractsUnit(DbConnection connection, DbTransaction transaction, ContractsSql sql, ChangeLog changes, string partnershipId) : IAsyncDisposable
{
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    public Task<ContractRow?> GetAsync(int version, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ContractRow>(new CommandDefinition(sql.Get, new { partnershipId, version }, transaction, cancellationToken: ct));

    public Task<ContractRow?> GetActiveAsync(CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<ContractRow>(new CommandDefinition(sql.GetActive, new { partnershipId }, transaction, cancellationToken: ct));

    public Task<int> NextVersionAsync(CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(new CommandDefinition(sql.NextVersion, new { partnershipId }, transaction, cancellationToken: ct));

    public Task InsertAsync(ContractRow row, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(sql.Insert, row, transaction, cancellationToken: ct));

    /// <summary>Saves a new state; the revision must still be the one that was read (the lock makes this certain).</summary>
    public async Task SaveAsync(ContractRow row, int expectedRevision, CancellationToken ct)
    {
        var saved = await connection.ExecuteAsync(new CommandDefinition(sql.Save, new
        {
            row.PartnershipId, row.Version, row.Status, row.Revision, row.ProposedBy, row.Content, row.ProposedAt,
            row.AcceptedByVendorAt, row.AcceptedByPartnerAt, row.ActivatedAt, row.SupersededAt, row.TerminatedAt,
            row.RejectedAt, row.UpdatedAt, ExpectedRevision = expectedRevision,
        }, transaction, cancellationToken: ct));
        if (saved != 1)
        {
            throw new InvalidOperationException($"Contract {row.PartnershipId} v{row.Version} changed under the partnership lock.");
        }
    }

    /// <summary>Records which signal types (owner, key) a version names.</summary>
    public async Task SetTypeRefsAsync(int version, IEnumerable<(string OwnerId, string TypeKey)> refs, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(sql.DeleteTypeRefs, new { partnershipId, version }, transaction, cancellationToken: ct));
        foreach (var (ownerId, typeKey) in refs)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql.InsertTypeRef, new { ownerId, typeKey, partnershipId, version }, transaction, cancellationToken: ct));
        }
    }

    public Task AppendChangesAsync(IReadOnlyList<Change> list, DateTimeOffset now, CancellationToken ct) =>
        changes.AppendAsync(connection, transaction, list, now, ct);

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
