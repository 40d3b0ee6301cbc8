using Dapper;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;
using Xunit;

namespace PartnerExchange.Api.Tests.Data;

/// <summary>
/// RowCommand reuses one command's parameters across rows: each row must be stored exactly as given, whatever the
/// row before it held (a null after a value, a long text after a short one), with times bound as Dapper binds them.
/// </summary>
public abstract class RowCommandTests(ApiApp app)
{
    private sealed record Row(long Number, string? Text, DateTimeOffset? At);

    /// <summary>As read back (settable properties: Dapper converts provider types through them).</summary>
    private sealed record Stored
    {
        public long Number { get; init; }
        public string? Text { get; init; }
        public DateTimeOffset? At { get; init; }
    }

    [Fact]
    public async Task Every_row_is_stored_as_given_and_times_in_utc()
    {
        var db = new Db(new DatabaseOptions { Provider = app.Provider, ConnectionString = app.ConnectionString });
        var table = "row_command_" + Guid.NewGuid().ToString("N")[..8];
        var at = new DateTimeOffset(2026, 5, 1, 12, 30, 15, 250, TimeSpan.FromHours(2));
        Row[] rows =
        [
            new(1, "short", at),
            new(2, new string('x', 9000), null),
            new(3, null, at.AddDays(1)),
            new(4, "é ü ✓", at),
        ];

        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync($"CREATE TABLE {table} (number BIGINT NOT NULL, text TEXT NULL, at {(app.Provider == DatabaseProvider.Sqlite ? "TEXT" : "TIMESTAMPTZ")} NULL)");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var affected = await RowCommand.ExecuteEachAsync(connection, transaction, $"INSERT INTO {table} (number, text, at) VALUES (@Number, @Text, @At)", rows, CancellationToken.None);
            Assert.Equal(rows.Length, affected);
            await transaction.CommitAsync();
        }

        var stored = (await connection.QueryAsync<Stored>($"SELECT number AS Number, text AS Text, at AS At FROM {table} ORDER BY number"))
            .Select(s => new Row(s.Number, s.Text, s.At)).ToList();
        Assert.Equal(rows.Select(r => r with { At = r.At?.ToUniversalTime() }), stored);
        Assert.All(stored.Where(r => r.At is not null), r => Assert.Equal(TimeSpan.Zero, r.At!.Value.Offset));

        // The times are found by a query with a time parameter bound through Dapper: both sides bind them alike.
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE at = @at", new { at }));
    }

    [Fact]
    public async Task A_parameter_without_a_property_is_refused_by_name()
    {
        var db = new Db(new DatabaseOptions { Provider = app.Provider, ConnectionString = app.ConnectionString });
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RowCommand.ExecuteEachAsync(connection, transaction, "SELECT @Number, @Missing", new[] { new Row(1, null, null) }, CancellationToken.None));
        Assert.Contains("@Missing", error.Message, StringComparison.Ordinal);
    }
}

public sealed class RowCommandOnSqlite(SqliteApp app) : RowCommandTests(app), IClassFixture<SqliteApp>;

public sealed class RowCommandOnPostgres(PostgresApp app) : RowCommandTests(app), IClassFixture<PostgresApp>;
