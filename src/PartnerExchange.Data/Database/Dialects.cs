using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PartnerExchange.Data.Database;

public sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public string MigrationFolder => "Sqlite";

    public DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    public string Limit(string parameter) => $"LIMIT {parameter}";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 1555 or 2067 };

    // SQLITE_CONSTRAINT_FOREIGNKEY (787).
    public bool IsForeignKeyViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 787 };
}

public sealed class PostgresDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Postgres;
    public string MigrationFolder => "Postgres";

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public string Limit(string parameter) => $"LIMIT {parameter}";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsForeignKeyViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };
}

public sealed class SqlServerDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public string MigrationFolder => "SqlServer";

    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public string Limit(string parameter) => $"OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

    // The key-range lock taken by UPDLOCK, HOLDLOCK keeps a concurrent insert of the same key out until commit.
    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {keyCondition})";

    // 2627: PRIMARY KEY / UNIQUE constraint; 2601: unique index.
    public bool IsUniqueViolation(DbException exception) => exception is SqlException { Number: 2627 or 2601 };

    // 547: a FOREIGN KEY (or CHECK) constraint conflict.
    public bool IsForeignKeyViolation(DbException exception) => exception is SqlException { Number: 547 };
}

public static class SqlDialects
{
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.Postgres => new PostgresDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
