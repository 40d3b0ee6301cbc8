using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Customers;

/// <summary>A customer of a vendor (settable properties: Dapper converts provider types through them).</summary>
public sealed record CustomerRow
{
    public string VendorId { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Domain { get; init; }
    public string? Segment { get; init; }
    public string? Region { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public bool SameContent(CustomerRow other) =>
        Name == other.Name && Domain == other.Domain && Segment == other.Segment && Region == other.Region;
}

public enum UpsertOutcome
{
    Created,
    Updated,
    Unchanged,
}

public sealed record CustomerFilter(string? Segment, string? Region, DateTimeOffset? UpdatedSince);

public sealed class CustomersData(Db db, ChangeLog changes, Audit.AuditData audit)
{
    private readonly CustomersSql _sql = new(db.Dialect);

    public async Task<CustomerRow?> GetAsync(string vendorId, string customerId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<CustomerRow>(new CommandDefinition(_sql.Get, new { vendorId, customerId }, cancellationToken: ct));
    }

    /// <summary>Which of these customer ids the vendor has.</summary>
    public async Task<IReadOnlySet<string>> ExistingAsync(string vendorId, IEnumerable<string> customerIds, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var found = await connection.QueryAsync<string>(new CommandDefinition(_sql.Existing,
            new { vendorId, customerIds = SqlDialects.JsonArray(customerIds.Distinct(StringComparer.Ordinal)) }, cancellationToken: ct));
        return found.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The customers with this id that the partner may see (one per vendor it has an approved link with).</summary>
    public async Task<IReadOnlyList<CustomerRow>> GetForPartnerAsync(string partnerId, string customerId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<CustomerRow>(new CommandDefinition(_sql.GetForPartner, new { partnerId, customerId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<CustomerRow>> ListForVendorAsync(string vendorId, CustomerFilter filter, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<CustomerRow>(new CommandDefinition(_sql.ListForVendor,
            new { vendorId, segment = filter.Segment, region = filter.Region, updatedSince = filter.UpdatedSince ?? DateTimeOffset.MinValue, after, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<CustomerRow>> ListForPartnerAsync(string partnerId, CustomerFilter filter, string afterVendor, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<CustomerRow>(new CommandDefinition(_sql.ListForPartner,
            new { partnerId, segment = filter.Segment, region = filter.Region, updatedSince = filter.UpdatedSince ?? DateTimeOffset.MinValue, afterVendor, after, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>What an erasure removed, for its tombstones.</summary>
    public sealed record ErasedSignal(string Id, string? PartnershipId, string PublisherId, string TypeKey, DateTimeOffset OccurredAt);

    /// <summary>
    /// Erases a customer in one transaction: its signals from every publisher, its links, the customer, and
    /// the change-log entries that carry its data; then appends the tombstones <paramref name="tombstones"/> builds.
    /// </summary>
    /// <returns>False when the vendor has no such customer.</returns>
    public async Task<bool> EraseAsync(string vendorId, string customerId,
        Func<IReadOnlyList<ErasedSignal>, IReadOnlyList<string>, IReadOnlyList<Change>> tombstones, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var key = new { vendorId, customerId };
        if (await connection.QuerySingleOrDefaultAsync<CustomerRow>(new CommandDefinition(_sql.Get, key, transaction, cancellationToken: ct)) is null)
        {
            return false;
        }

        var signals = (await connection.QueryAsync<ErasedSignal>(new CommandDefinition(_sql.SignalsAbout, key, transaction, cancellationToken: ct))).AsList();
        var partnerships = (await connection.QueryAsync<string>(new CommandDefinition(_sql.LinkedPartnerships, key, transaction, cancellationToken: ct))).AsList();
        foreach (var statement in new[] { _sql.EraseSignals, _sql.EraseLinks, _sql.Erase, _sql.EraseChanges })
        {
            await connection.ExecuteAsync(new CommandDefinition(statement, key, transaction, cancellationToken: ct));
        }

        await audit.ScrubCustomerAsync(connection, transaction, vendorId, customerId, ct);

        await changes.AppendAsync(connection, transaction, tombstones(signals, partnerships), now, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public Task<CustomerRow?> FindByDomainAsync(DbConnection connection, DbTransaction transaction, string vendorId, string domain, CancellationToken ct) =>
        connection.QueryFirstOrDefaultAsync<CustomerRow>(new CommandDefinition(_sql.FindByDomain, new { vendorId, domain }, transaction, cancellationToken: ct));

    /// <summary>Creates or updates customers in one transaction, each change in the change log.</summary>
    /// <param name="customers">The customers, all of one vendor.</param>
    /// <param name="toChange">The feed entry of a created or updated customer.</param>
    /// <param name="now">The time of the write.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<IReadOnlyList<(UpsertOutcome Outcome, CustomerRow Row)>> UpsertAsync(
        IReadOnlyList<CustomerRow> customers, Func<CustomerRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var results = new List<(UpsertOutcome, CustomerRow)>(customers.Count);
        var log = new List<Change>();
        foreach (var customer in customers)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<CustomerRow>(new CommandDefinition(_sql.Get,
                new { vendorId = customer.VendorId, customerId = customer.CustomerId }, transaction, cancellationToken: ct));
            if (existing is null)
            {
                var row = customer with { CreatedAt = now, UpdatedAt = now };
                await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, row, transaction, cancellationToken: ct));
                results.Add((UpsertOutcome.Created, row));
                log.Add(toChange(row));
            }
            else if (existing.SameContent(customer))
            {
                results.Add((UpsertOutcome.Unchanged, existing));
            }
            else
            {
                var row = customer with { CreatedAt = existing.CreatedAt, UpdatedAt = now };
                await connection.ExecuteAsync(new CommandDefinition(_sql.Update, row, transaction, cancellationToken: ct));
                results.Add((UpsertOutcome.Updated, row));
                log.Add(toChange(row));
            }
        }

        await changes.AppendAsync(connection, transaction, log, now, ct);
        await transaction.CommitAsync(ct);
        return results;
    }
}
