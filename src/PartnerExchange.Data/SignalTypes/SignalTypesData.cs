using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.SignalTypes;

/// <summary>A stored signal type; <c>OwnerId</c> is empty for built-in types.</summary>
public sealed record SignalTypeRow(
    string OwnerId, string TypeKey, string Stage, string Category, string Publisher, string? Description, string? Unit,
    string PayloadSchema, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public enum SignalTypeChange
{
    Done,
    NotFound,
    Referenced,
    Duplicate,
}

public sealed class SignalTypesData(Db db)
{
    private readonly SignalTypesSql _sql = new(db.Dialect);

    public async Task<IReadOnlyList<SignalTypeRow>> ListVisibleAsync(string? partyId, string afterKey, string afterOwner, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SignalTypeRow>(new CommandDefinition(_sql.ListVisible,
            new { everything = partyId is null ? 1 : 0, partyId = partyId ?? "", afterKey, afterOwner, limit }, cancellationToken: ct));
        return rows.AsList();
    }

    /// <summary>The types with this key the party may see (several when two of its vendors define the same x- key).</summary>
    public async Task<IReadOnlyList<SignalTypeRow>> FindVisibleAsync(string key, string? partyId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<SignalTypeRow>(new CommandDefinition(_sql.FindVisible,
            new { key, everything = partyId is null ? 1 : 0, partyId = partyId ?? "" }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<SignalTypeRow>> ForVendorAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await ForVendorAsync(connection, null, vendorId, ct);
    }

    public async Task<IReadOnlyList<SignalTypeRow>> ForVendorAsync(DbConnection connection, DbTransaction? transaction, string vendorId, CancellationToken ct) =>
        (await connection.QueryAsync<SignalTypeRow>(new CommandDefinition(_sql.ForVendor, new { vendorId }, transaction, cancellationToken: ct))).AsList();

    public async Task<SignalTypeChange> InsertAsync(SignalTypeRow row, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, row, cancellationToken: ct));
            return SignalTypeChange.Done;
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return SignalTypeChange.Duplicate;
        }
    }

    /// <summary>Replaces or deletes a vendor's type unless a contract references it (checked in the same transaction).</summary>
    /// <returns>The outcome, and the row as it was before the change.</returns>
    public async Task<(SignalTypeChange Outcome, SignalTypeRow? Before)> ChangeAsync(string ownerId, string key, SignalTypeRow? replacement, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<SignalTypeRow>(new CommandDefinition(_sql.Get, new { ownerId, key }, transaction, cancellationToken: ct));
        if (before is null)
        {
            return (SignalTypeChange.NotFound, null);
        }

        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.References, new { ownerId, key }, transaction, cancellationToken: ct)) > 0)
        {
            return (SignalTypeChange.Referenced, before);
        }

        await connection.ExecuteAsync(replacement is null
            ? new CommandDefinition(_sql.Delete, new { ownerId, key }, transaction, cancellationToken: ct)
            : new CommandDefinition(_sql.Update, replacement, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return (SignalTypeChange.Done, before);
    }
}
