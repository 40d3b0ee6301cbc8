using Dapper;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;

namespace PartnerExchange.Data.Compliance;

public sealed record LatestSignal
{
    public string TypeKey { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public DateTimeOffset Latest { get; init; }
}

public sealed record SubmissionDay
{
    public string TypeKey { get; init; } = "";
    public string Day { get; init; } = "";
    public int Submitted { get; init; }
    public int Accepted { get; init; }
}

public sealed record StoredReciprocity
{
    public DateTimeOffset? BelowSince { get; init; }
    public DateTimeOffset? PausedAt { get; init; }
    public DateTimeOffset EvaluatedAt { get; init; }
}

/// <summary>The aggregates that compliance (DESIGN §6) is computed from.</summary>
public sealed class ComplianceData(Db db, ChangeLog changes)
{
    private readonly ComplianceSql _sql = new(db.Dialect);

    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task CountAsync(string partnershipId, IEnumerable<(string TypeKey, int Submitted, int Accepted)> counts, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(_sql.CountSubmissions,
            counts.Select(c => new { PartnershipId = partnershipId, c.TypeKey, Day = Day(now), c.Submitted, c.Accepted }), cancellationToken: ct));
    }

    public async Task<IReadOnlyList<LatestSignal>> LatestByCustomerAsync(string partnershipId, DateTimeOffset asOf, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<LatestSignal>(new CommandDefinition(_sql.LatestByCustomer, new { partnershipId, asOf }, cancellationToken: ct))).AsList();
    }

    public async Task<StoredReciprocity?> GetStateAsync(string partnershipId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<StoredReciprocity>(new CommandDefinition(_sql.GetState, new { partnershipId }, cancellationToken: ct));
    }

    /// <summary>
    /// Stores the state computed from <paramref name="previous"/> (null: none stored yet) and appends
    /// <paramref name="change"/> (a pause or a resumption) in the same transaction. False, and nothing stored, when
    /// another request stored a newer state first: its observation stands, and only one of them reports the change.
    /// </summary>
    public async Task<bool> SaveStateAsync(string partnershipId, StoredReciprocity? previous, DateTimeOffset? belowSince, DateTimeOffset? pausedAt,
        Change? change, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var parameters = new { partnershipId, belowSince, pausedAt, now, previous = previous?.EvaluatedAt };
        try
        {
            var stored = previous is null
                ? await connection.ExecuteAsync(new CommandDefinition(_sql.InsertState, parameters, transaction, cancellationToken: ct))
                : await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateState, parameters, transaction, cancellationToken: ct));
            if (stored != 1)
            {
                return false;
            }
        }
        catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return false;
        }

        if (change is not null)
        {
            await changes.AppendAsync(connection, transaction, [change], now, ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<SubmissionDay>> SubmissionsAsync(string partnershipId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SubmissionDay>(new CommandDefinition(_sql.Submissions,
            new { partnershipId, fromDay = Day(from), toDay = Day(to) }, cancellationToken: ct))).AsList();
    }
}
