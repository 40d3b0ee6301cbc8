using System.Data.Common;
using Dapper;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Audit;

/// <summary>An audit record (settable properties: Dapper converts provider types through them).</summary>
public sealed record AuditRow
{
    public string Id { get; init; } = "";
    public string? ActorParty { get; init; }
    public string ClientId { get; init; } = "";
    public string Action { get; init; } = "";
    public string Resource { get; init; } = "";
    public int Status { get; init; }
    public string? PartnershipId { get; init; }
    public string? CustomerId { get; init; }
    public int RecordCount { get; init; }
    public string RequestId { get; init; } = "";
    public DateTimeOffset OccurredAt { get; init; }
}

public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action);

public sealed class AuditData(Db db)
{
    private readonly AuditSql _sql = new(db.Dialect);

    public async Task WriteAsync(AuditRow record, IEnumerable<string> subjects, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.Insert, record, transaction, cancellationToken: ct));
        foreach (var partyId in subjects)
        {
            await connection.ExecuteAsync(new CommandDefinition(_sql.InsertSubject, new { auditId = record.Id, partyId }, transaction, cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Everything (operator) or what one party may read: its own actions and accesses to its data.</summary>
    public async Task<IReadOnlyList<AuditRow>> ListAsync(string? partyId, AuditQuery filter, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var parameters = new
        {
            partyId,
            from = filter.From ?? DateTimeOffset.MinValue,
            to = filter.To ?? DateTimeOffset.MaxValue,
            actor = filter.Actor,
            action = filter.Action,
            after,
            limit,
        };
        return (await connection.QueryAsync<AuditRow>(new CommandDefinition(partyId is null ? _sql.ListAll : _sql.ListForParty, parameters, cancellationToken: ct))).AsList();
    }

    public Task ScrubCustomerAsync(DbConnection connection, DbTransaction transaction, string vendorId, string customerId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(_sql.ScrubCustomer, new { vendorId, customerId }, transaction, cancellationToken: ct));
}
