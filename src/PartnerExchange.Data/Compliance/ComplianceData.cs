using Dapper;
using PartnerExchange.Data.Database;

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
}

/// <summary>The aggregates that compliance (DESIGN §6) is computed from.</summary>
public sealed class ComplianceData(Db db)
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

    public async Task SaveStateAsync(string partnershipId, DateTimeOffset? belowSince, DateTimeOffset? pausedAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var parameters = new { partnershipId, belowSince, pausedAt, now };
        if (await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateState, parameters, cancellationToken: ct)) == 0)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(_sql.InsertState, parameters, cancellationToken: ct));
            }
            catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
            {
                // Another request stored the first observation at the same moment; its state is as good as ours.
            }
        }
    }

    public async Task<IReadOnlyList<SubmissionDay>> SubmissionsAsync(string partnershipId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<SubmissionDay>(new CommandDefinition(_sql.Submissions,
            new { partnershipId, fromDay = Day(from), toDay = Day(to) }, cancellationToken: ct))).AsList();
    }
}
