using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Customers;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Links;

/// <summary>A customer link: customer X is served by partnership P (settable properties for Dapper's conversions).</summary>
public sealed record LinkRow
{
    public string Id { get; init; } = "";
    public string PartnershipId { get; init; } = "";
    public string VendorId { get; init; } = "";
    public string? CustomerId { get; init; }
    public string? PartnerAccountRef { get; init; }
    public string? ClaimedDomain { get; init; }
    public string Status { get; init; } = "";
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
}

public static class LinkStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

public enum LinkWrite
{
    Done,
    Duplicate,
    NotFound,
    NotPending,
}

public sealed class LinksData(Db db, CustomersData customers, ChangeLog changes)
{
    private readonly LinksSql _sql = new(db.Dialect);

    public async Task<IReadOnlyList<LinkRow>> ListAsync(string partnershipId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<LinkRow>(new CommandDefinition(_sql.List, new { partnershipId, after, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<LinkRow>> ApprovedAsync(string partnershipId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<LinkRow>(new CommandDefinition(_sql.Approved, new { partnershipId }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Stores a link or claim. A claim by domain is matched to the vendor's customer with that domain
    /// here, and the match stays on the vendor's side.
    /// </summary>
    public async Task<(LinkWrite Outcome, LinkRow Row)> InsertAsync(LinkRow link, Func<LinkRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (link.CustomerId is null && link.ClaimedDomain is not null)
        {
            var match = await customers.FindByDomainAsync(connection, transaction, link.VendorId, link.ClaimedDomain, ct);
            link = link with { CustomerId = match?.CustomerId };
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, link, transaction, cancellationToken: ct));
        }
        catch (DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return (LinkWrite.Duplicate, link);
        }

        await changes.AppendAsync(connection, transaction, [toChange(link)], now, ct);
        await transaction.CommitAsync(ct);
        return (LinkWrite.Done, link);
    }

    /// <summary>Approves or rejects the pending link of a customer in a partnership.</summary>
    public async Task<(LinkWrite Outcome, LinkRow? Row)> DecideAsync(string partnershipId, string customerId, string status, Func<LinkRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(_sql.GetByCustomer, new { partnershipId, customerId }, transaction, cancellationToken: ct));
        if (link is null)
        {
            return (LinkWrite.NotFound, null);
        }

        if (await connection.ExecuteAsync(new CommandDefinition(_sql.Decide, new { id = link.Id, status, decidedAt = now }, transaction, cancellationToken: ct)) == 0)
        {
            return (LinkWrite.NotPending, link);
        }

        var decided = link with { Status = status, DecidedAt = now };
        await changes.AppendAsync(connection, transaction, [toChange(decided)], now, ct);
        await transaction.CommitAsync(ct);
        return (LinkWrite.Done, decided);
    }

    /// <summary>Removes the link of a customer from a partnership; a delete entry goes to the change log.</summary>
    public async Task<LinkWrite> DeleteAsync(string partnershipId, string customerId, Func<LinkRow, Change> toChange, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(_sql.GetByCustomer, new { partnershipId, customerId }, transaction, cancellationToken: ct));
        if (link is null)
        {
            return LinkWrite.NotFound;
        }

        await connection.ExecuteAsync(new CommandDefinition(_sql.Delete, new { id = link.Id }, transaction, cancellationToken: ct));
        await changes.AppendAsync(connection, transaction, [toChange(link)], now, ct);
        await transaction.CommitAsync(ct);
        return LinkWrite.Done;
    }
}
