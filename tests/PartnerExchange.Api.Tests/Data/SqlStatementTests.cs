using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Npgsql;
using PartnerExchange.Api.Tests.Infrastructure;
using PartnerExchange.Data.Database;

namespace PartnerExchange.Api.Tests.Data;

/// <summary>
/// Every statement of every SQL class, and every migration, checked for every dialect: SQLite
/// statements are prepared on a migrated database, PostgreSQL statements on the real server, and
/// SQL Server statements parsed by Microsoft's T-SQL parser (no SQL Server runs here).
/// </summary>
public static partial class SqlStatements
{
    public static IEnumerable<(string Name, string Sql)> All(ISqlDialect dialect) =>
        SqlCatalog.All(dialect).SelectMany(c => c.Statements().Select(s => ($"{c.GetType().Name}.{s.Key}", s.Value)));

    public static IEnumerable<string> Parameters(string sql) =>
        ParameterRegex().Matches(sql).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterRegex();
}

public sealed class SqliteStatementTests
{
    [Fact]
    public void Every_statement_prepares_on_a_migrated_sqlite_database()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("px-sql-").FullName, "px.db");
        var db = new Db(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
        new Migrator(db, NullLogger<Migrator>.Instance).Migrate();
        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();

        var statements = SqlStatements.All(db.Dialect).ToList();
        Assert.NotEmpty(statements);
        foreach (var (name, sql) in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = Record.Exception(command.Prepare);
            Assert.True(error is null, $"{name} does not prepare on SQLite: {error?.Message}\n{sql}");
        }
    }
}

[Trait("Database", "Postgres")]
public sealed class PostgresStatementTests
{
    [Fact]
    public async Task Every_statement_prepares_on_a_migrated_postgres_database()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var db = new Db(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
        new Migrator(db, NullLogger<Migrator>.Instance).Migrate();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var statements = SqlStatements.All(db.Dialect).ToList();
        Assert.NotEmpty(statements);
        foreach (var (name, sql) in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var parameter in SqlStatements.Parameters(sql))
            {
                // Untyped nulls let the server infer each parameter's type from the statement.
                command.Parameters.Add(new NpgsqlParameter(parameter, DBNull.Value));
            }

            var error = await Record.ExceptionAsync(() => command.PrepareAsync());
            Assert.True(error is null, $"{name} does not prepare on PostgreSQL: {error?.Message}\n{sql}");
        }
    }
}

public sealed class SqlServerStatementTests
{
    private static IList<ParseError> Parse(string sql)
    {
        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
        return errors;
    }

    [Fact]
    public void Every_statement_parses_as_t_sql()
    {
        var statements = SqlStatements.All(new SqlServerDialect()).ToList();

        Assert.NotEmpty(statements);
        foreach (var (name, sql) in statements)
        {
            var errors = Parse(sql);
            Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
        }
    }

    [Fact]
    public void Every_migration_parses_as_t_sql()
    {
        var scripts = Migrator.ScriptNames(new SqlServerDialect());

        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var errors = Parse(Migrator.ReadScript(script));
            Assert.True(errors.Count == 0, $"{script}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}");
        }
    }

    [Fact]
    public void A_statement_with_a_t_sql_error_is_caught()
    {
        Assert.NotEmpty(Parse("SELECT id FROM parties LIMIT @limit"));
    }
}

public sealed class MigrationNumberingTests
{
    [Fact]
    public void Every_dialect_has_the_same_numbered_migrations()
    {
        static IEnumerable<string> Numbers(ISqlDialect dialect) =>
            Migrator.ScriptNames(dialect).Select(n => n.Split($".{dialect.MigrationFolder}.")[1]);

        var sqlite = Numbers(new SqliteDialect()).ToList();

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, Numbers(new PostgresDialect()));
        Assert.Equal(sqlite, Numbers(new SqlServerDialect()));
        Assert.All(sqlite, n => Assert.Matches("^[0-9]{4}_[a-z0-9_]+\\.sql$", n));
    }
}
