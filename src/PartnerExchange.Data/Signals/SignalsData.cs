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
    /// Upserts signals by (publisher, externalId), each pair at most once per call, in one transaction: identical content is
    /// <c>Unchanged</c> and adds no change-log entry. Stored signals are looked up in one query per publisher; all new
    /// ones are inserted through one <see cref="RowCommand"/>.
    /// </summary>
    public async Task<IReadOnlyList<(UpsertOutcome Outcome, SignalRow Row)>> UpsertAsync(
        IReadOnlyList<SignalRow> signals, Func<SignalRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var stored = new Dictionary<(string, string), SignalRow>();
        foreach (var group in signals.GroupBy(s => s.PublisherId))
        {
            var externalIds = SqlDialects.JsonArray(group.Select(s => s.ExternalId).Distinct(StringComparer.Ordinal));
            foreach (var row in await connection.QueryAsync<SignalRow>(new CommandDefinition(_sql.GetByExternalIds,
                new { publisherId = group.Key, externalIds }, transaction, cancellationToken: ct)))
            {
                stored[(row.PublisherId, row.ExternalId)] = row;
            }
        }

        var fresh = signals.Where(s => !stored.ContainsKey((s.PublisherId, s.ExternalId))).Select(s => s with { CreatedAt = now, UpdatedAt = now }).ToList();
        var inserted = fresh.Count == 0 ? 0 : await RowCommand.ExecuteEachAsync(connection, transaction, _sql.InsertIfAbsent, fresh, ct);
        if (inserted != fresh.Count)
        {
            // Another transaction stored some of these external ids since the lookup: read what is there now.
            foreach (var row in fresh)
            {
                var current = await connection.QuerySingleAsync<SignalRow>(new CommandDefinition(_sql.GetByExternalId,
                    new { publisherId = row.PublisherId, externalId = row.ExternalId }, transaction, cancellationToken: ct));
                if (current.Id != row.Id)
                {
                    stored[(row.PublisherId, row.ExternalId)] = current;
                }
            }
        }

        var results = new List<(UpsertOutcome, SignalRow)>(signals.Count);
        var log = new List<Change>();
        var freshById = fresh.ToDictionary(f => (f.PublisherId, f.ExternalId));
        foreach (var signal in signals)
        {
            if (!stored.TryGetValue((signal.PublisherId, signal.ExternalId), out var existing))
            {
                var row = freshById[(signal.PublisherId, signal.ExternalId)];
                results.Add((UpsertOutcome.Created, row));
                log.Add(toChange(row));
            }
            else if (existing.ContentHash == signal.ContentHash)
            {
                results.Add((UpsertOutcome.Unchanged, existing));
            }
            else
            {
                var updated = signal with { Id = existing.Id, CreatedAt = existing.CreatedAt, UpdatedAt = now };
                await connection.ExecuteAsync(new CommandDefinition(_sql.Update, updated, transaction, cancellationToken: ct));
                stored[(signal.PublisherId, signal.ExternalId)] = updated;
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
