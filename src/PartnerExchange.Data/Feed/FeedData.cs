using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Feed;

/// <summary>One row of the change log (settable properties: Dapper converts provider types through them).</summary>
public sealed record ChangeRow
{
    public long Position { get; init; }
    public string Entity { get; init; } = "";
    public string Op { get; init; } = "";
    public string EntityKey { get; init; } = "";
    public string? VendorId { get; init; }
    public string? PartnershipId { get; init; }
    public string? CustomerId { get; init; }
    public string? PublisherId { get; init; }
    public string? TypeKey { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Data { get; init; }
    public DateTimeOffset CommittedAt { get; init; }
}

/// <summary>Reads the change log in position (= commit) order.</summary>
public sealed class FeedData(Db db)
{
    private readonly ChangesSql _sql = new(db.Dialect);

    /// <summary>A vendor's changes after a position; rows carry only what the vendor's page uses (not the vendor, times, keys or customer).</summary>
    public async Task<IReadOnlyList<ChangeRow>> ListForVendorAsync(string vendorId, long after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ChangeRow>(new CommandDefinition(_sql.ListForVendor, new { vendorId, after, limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>Changes a partner may see some of; rows carry what the visibility rule reads (no entity key or commit time).</summary>
    public async Task<IReadOnlyList<ChangeRow>> ListCandidatesForPartnerAsync(string partnerId, long after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ChangeRow>(new CommandDefinition(_sql.ListCandidatesForPartner, new { partnerId, after, limit }, cancellationToken: ct))).AsList();
    }
}
