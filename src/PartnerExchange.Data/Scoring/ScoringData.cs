using Dapper;
using PartnerExchange.Data.Compliance;
using PartnerExchange.Data.Contracts;
using PartnerExchange.Data.Database;
using PartnerExchange.Data.Feed;
using PartnerExchange.Data.Links;
using PartnerExchange.Data.Partnerships;

namespace PartnerExchange.Data.Scoring;

/// <summary>A stored scoring model version.</summary>
public sealed record ScoringModelRow
{
    public string Id { get; init; } = "";
    public string VendorId { get; init; } = "";
    public string ModelKey { get; init; } = "";
    public int Version { get; init; }
    public string Definition { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A vendor's program settings; <c>ScoreUses</c> is a JSON array, <c>LastReviewOn</c> an ISO date.</summary>
public sealed record ProgramRow
{
    public string VendorId { get; init; } = "";
    public string? ExecutiveSponsor { get; init; }
    public int? ReviewCadenceDays { get; init; }
    public string? LastReviewOn { get; init; }
    public string ScoreUses { get; init; } = "[]";
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What scoring reads of a signal (the payload only for the types it takes a number from).</summary>
public sealed record ScoringSignalRow
{
    public string TypeKey { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public string PublisherId { get; init; } = "";
    public string? PartnershipId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string? Payload { get; init; }
}

public sealed record PartnershipSubmissionDay
{
    public string PartnershipId { get; init; } = "";
    public string TypeKey { get; init; } = "";
    public string Day { get; init; } = "";
    public int Submitted { get; init; }
    public int Accepted { get; init; }
}

/// <summary>The last score reported for a partnership.</summary>
public sealed record ScoreSnapshotRow
{
    public string PartnershipId { get; init; } = "";
    public string VendorId { get; init; } = "";
    public string ModelId { get; init; } = "";
    public double? Score { get; init; }
    public string? Tier { get; init; }
    public DateTimeOffset ComputedAt { get; init; }
}

/// <summary>Scoring models, program settings, and the aggregates scores and readiness are computed from.</summary>
public sealed class ScoringData(Db db, ChangeLog changes)
{
    private readonly ScoringSql _sql = new(db.Dialect);

    public async Task<IReadOnlyList<ScoringModelRow>> ListModelsAsync(string vendorId, string after, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ScoringModelRow>(new CommandDefinition(_sql.ListModels, new { vendorId, after, limit }, cancellationToken: ct))).AsList();
    }

    public async Task<ScoringModelRow?> GetModelAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ScoringModelRow>(new CommandDefinition(_sql.GetModel, new { id }, cancellationToken: ct));
    }

    public async Task<ScoringModelRow?> LatestModelAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ScoringModelRow>(new CommandDefinition(_sql.LatestModel, new { vendorId }, cancellationToken: ct));
    }

    /// <summary>Stores the next version of the vendor's model <paramref name="modelKey"/>; retries when another request took the number.</summary>
    public async Task<ScoringModelRow> InsertModelAsync(string vendorId, string modelKey, string definition, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            var version = await connection.ExecuteScalarAsync<int>(new CommandDefinition(_sql.NextModelVersion, new { vendorId, modelKey }, cancellationToken: ct));
            var row = new ScoringModelRow
            {
                Id = Guid.CreateVersion7(now).ToString(), VendorId = vendorId, ModelKey = modelKey, Version = version, Definition = definition, CreatedAt = now,
            };
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(_sql.InsertModel, row, cancellationToken: ct));
                return row;
            }
            catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e) && attempt < 5)
            {
            }
        }
    }

    public async Task<ProgramRow?> GetProgramAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ProgramRow>(new CommandDefinition(_sql.GetProgram, new { vendorId }, cancellationToken: ct));
    }

    public async Task SaveProgramAsync(ProgramRow program, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateProgram, program, cancellationToken: ct)) == 0)
        {
            try
            {
                await connection.ExecuteAsync(new CommandDefinition(_sql.InsertProgram, program, cancellationToken: ct));
            }
            catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
            {
                // A concurrent first save inserted the row; this one is the later write.
                await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateProgram, program, cancellationToken: ct));
            }
        }
    }

    /// <summary>Streams the signals about a partnership's approved customers in [from, to], from every publisher.</summary>
    public async IAsyncEnumerable<ScoringSignalRow> SignalsForPartnershipAsync(string partnershipId, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await foreach (var row in connection.QueryUnbufferedAsync<ScoringSignalRow>(_sql.SignalsForPartnership, new { partnershipId, from, to }).WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>Streams every signal of the vendor's program in [from, to].</summary>
    public async IAsyncEnumerable<ScoringSignalRow> SignalsForVendorAsync(string vendorId, DateTimeOffset from, DateTimeOffset to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await foreach (var row in connection.QueryUnbufferedAsync<ScoringSignalRow>(_sql.SignalsForVendor, new { vendorId, from, to }).WithCancellation(ct))
        {
            yield return row;
        }
    }

    public async Task<IReadOnlyList<PartnershipRow>> PartnershipsOfVendorAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PartnershipRow>(new CommandDefinition(_sql.PartnershipsOfVendor, new { vendorId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<LinkRow>> ApprovedLinksOfVendorAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<LinkRow>(new CommandDefinition(_sql.ApprovedLinksOfVendor, new { vendorId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<ContractRow>> ActivatedContractsOfVendorAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ContractRow>(new CommandDefinition(_sql.ActivatedContractsOfVendor, new { vendorId }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<PartnershipSubmissionDay>> SubmissionsOfVendorAsync(string vendorId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<PartnershipSubmissionDay>(new CommandDefinition(_sql.SubmissionsOfVendor,
            new { vendorId, fromDay = ComplianceData.Day(from), toDay = ComplianceData.Day(to) }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<ScoreSnapshotRow>> SnapshotsOfVendorAsync(string vendorId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ScoreSnapshotRow>(new CommandDefinition(_sql.SnapshotsOfVendor, new { vendorId }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Stores a new snapshot over <paramref name="previous"/> (null: the first) and appends the score.changed entry to the
    /// change log in the same transaction; false, and nothing stored, when another process stored one first.
    /// </summary>
    public async Task<bool> SaveSnapshotAsync(ScoreSnapshotRow snapshot, ScoreSnapshotRow? previous, Change change, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            var stored = previous is null
                ? await connection.ExecuteAsync(new CommandDefinition(_sql.InsertSnapshot, snapshot, transaction, cancellationToken: ct))
                : await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateSnapshot, new
                {
                    snapshot.PartnershipId, snapshot.ModelId, snapshot.Score, snapshot.Tier, snapshot.ComputedAt, Previous = previous.ComputedAt,
                }, transaction, cancellationToken: ct));
            if (stored != 1)
            {
                return false;
            }
        }
        catch (System.Data.Common.DbException e) when (db.Dialect.IsUniqueViolation(e))
        {
            return false;
        }

        await changes.AppendAsync(connection, transaction, [change], snapshot.ComputedAt, ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
