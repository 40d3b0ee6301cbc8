using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Feed;

/// <summary>
/// One committed change, as the change feed lists it: what changed, the columns the feed filters on,
/// and the entity's data as committed (JSON), so the feed replays changes without reading entity tables.
/// </summary>
public sealed record Change(string Entity, string Op, string EntityKey, string? VendorId, string? PartnershipId)
{
    public string? CustomerId { get; init; }
    public string? PublisherId { get; init; }
    public string? TypeKey { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Data { get; init; }
}

/// <summary>
/// Appends changes inside the writer's transaction. Positions are reserved on the single feed_head
/// row, whose lock is held until commit, so positions are handed out in commit order on every database:
/// a reader following the feed can never pass a position whose transaction commits later.
/// </summary>
public sealed class ChangeLog(Db db)
{
    private readonly ChangesSql _sql = new(db.Dialect);

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Change> changes, DateTimeOffset now, CancellationToken ct)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(_sql.Reserve, new { count = changes.Count }, transaction, cancellationToken: ct));
        var last = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_sql.Head, transaction: transaction, cancellationToken: ct));
        var first = last - changes.Count + 1;
        await RowCommand.ExecuteEachAsync(connection, transaction, _sql.Insert, changes.Select((change, i) => new
        {
            Position = first + i,
            change.Entity,
            change.Op,
            change.EntityKey,
            change.VendorId,
            change.PartnershipId,
            change.CustomerId,
            change.PublisherId,
            change.TypeKey,
            change.OccurredAt,
            change.Data,
            CommittedAt = now,
        }), ct);
    }
}
