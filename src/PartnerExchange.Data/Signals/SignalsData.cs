using Dapper;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Signals;

/// <summary>A stored signal (settable properties: Dapper converts provider types through them).</summary>
public sealed record SignalRow
{
    public string Id { get; init; } = "";
    public string VendorId { get; init; } = "";
    public string? PartnershipId { get; init; }
    public string PublisherId { get; init; } = "";
    public string PublisherKind { get; init; } = "";
    public string ExternalId { get; init; } = "";
    public string TypeKey { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
    public string Payload { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Query filters; null means any.</summary>
public sealed record SignalFilter(string? CustomerId, string? TypeKey, string? PartnershipId, string? PublisherId, DateTimeOffset? From, DateTimeOffset? To);

public sealed class SignalsData(Db db, ChangeLog changes)
{
    private readonly SignalsSql _sql = new(db.Dialect);

    public async Task<SignalRow?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<SignalRow>(new CommandDefinition(_sql.Get, new { id }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SignalRow>> ListForVendorAsync(string vendorId, SignalFilter filter, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SignalRow>(new CommandDefinition(_sql.ListForVendor, Parameters(filter, after, limit, vendorId: vendorId), cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<SignalRow>> ListCandidatesForPartnerAsync(string partnerId, SignalFilter filter, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SignalRow>(new CommandDefinition(_sql.ListCandidatesForPartner, Parameters(filter, after, limit, partnerId: partnerId), cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Upserts signals by (publisher, externalId) in one transaction: identical content is
    /// <c>Unchanged</c> and adds no change-log entry.
    /// </summary>
    public async Task<IReadOnlyList<(UpsertOutcome Outcome, SignalRow Row)>> UpsertAsync(
        IReadOnlyList<SignalRow> signals, Func<SignalRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var results = new List<(UpsertOutcome, SignalRow)>(signals.Count);
        var log = new List<Change>();
        foreach (var signal in signals)
        {
            // New records, the common case, cost one statement; only a repeated external id reads the stored one.
            var row = signal with { CreatedAt = now, UpdatedAt = now };
            if (await connection.ExecuteAsync(new CommandDefinition(_sql.InsertIfAbsent, row, transaction, cancellationToken: ct)) == 1)
            {
                results.Add((UpsertOutcome.Created, row));
                log.Add(toChange(row));
                continue;
            }

            var existing = await connection.QuerySingleAsync<SignalRow>(new CommandDefinition(_sql.GetByExternalId,
                new { publisherId = signal.PublisherId, externalId = signal.ExternalId }, transaction, cancellationToken: ct));
            if (existing.ContentHash == signal.ContentHash)
            {
                results.Add((UpsertOutcome.Unchanged, existing));
            }
            else
            {
                var updated = signal with { Id = existing.Id, CreatedAt = existing.CreatedAt, UpdatedAt = now };
                await connection.ExecuteAsync(new CommandDefinition(_sql.Update, updated, transaction, cancellationToken: ct));
                results.Add((UpsertOutcome.Updated, updated));
                log.Add(toChange(updated));
            }
        }

        await changes.AppendAsync(connection, transaction, log, now, ct);
        await transaction.CommitAsync(ct);
        return results;
    }

    /// <summary>Deletes a signal; the change log keeps a tombstone.</summary>
    public async Task<bool> DeleteAsync(SignalRow signal, Change tombstone, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(_sql.Delete, new { id = signal.Id }, transaction, cancellationToken: ct)) == 0)
        {
            return false;
        }

        await changes.AppendAsync(connection, transaction, [tombstone], now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static object Parameters(SignalFilter filter, string after, int limit, string? vendorId = null, string? partnerId = null) => new
    {
        vendorId,
        partnerId,
        customerId = filter.CustomerId,
        typeKey = filter.TypeKey,
        partnershipId = filter.PartnershipId,
        publisherId = filter.PublisherId,
        from = filter.From ?? DateTimeOffset.MinValue,
        to = filter.To ?? DateTimeOffset.MaxValue,
        after,
        limit,
    };
}
