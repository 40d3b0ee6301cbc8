using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PartnerExchange.Data.Database;

/// <summary>Opens connections for the configured provider. One instance per process.</summary>
public sealed class Db
{
    public Db(DatabaseOptions options)
    {
        Options = options;
        Dialect = SqlDialects.For(options.Provider);
        ConnectionString = options.Provider == DatabaseProvider.Sqlite
            ? NormalizeSqlite(options.ConnectionString)
            : options.ConnectionString;
        DapperSetup.EnsureRegistered();
    }

    public DatabaseOptions Options { get; }
    public ISqlDialect Dialect { get; }
    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Dialect.CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Foreign keys are off by default in SQLite and must be asked for on every connection;
    // a busy timeout lets concurrent writers wait for the single write lock instead of failing.
    private static string NormalizeSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
            Pooling = true,
        };
        return builder.ToString();
    }
}
