using System.Data.Common;
using static PartnerExchange.Data.Database.SqlDialects;
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

    public string JsonStrings(string parameter) => $"SELECT value FROM json_each({parameter})";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public string AddToCounters(string table, IReadOnlyList<string> keys, IReadOnlyList<string> counters) =>
        $"INSERT INTO {table} ({string.Join(", ", keys.Concat(counters))}) VALUES ({string.Join(", ", keys.Concat(counters).Select(Parameter))}) " +
        $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {string.Join(", ", counters.Select(c => $"{c} = {table}.{c} + excluded.{c}"))}";

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

    public string JsonStrings(string parameter) => $"SELECT value FROM json_array_elements_text(CAST({parameter} AS json))";

    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT ({keyColumns}) DO NOTHING";

    public string AddToCounters(string table, IReadOnlyList<string> keys, IReadOnlyList<string> counters) =>
        $"INSERT INTO {table} ({string.Join(", ", keys.Concat(counters))}) VALUES ({string.Join(", ", keys.Concat(counters).Select(Parameter))}) " +
        $"ON CONFLICT ({string.Join(", ", keys)}) DO UPDATE SET {string.Join(", ", counters.Select(c => $"{c} = {table}.{c} + excluded.{c}"))}";

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

    // Typed, so that the values compare with the NVARCHAR key columns as they are (and their indexes serve the lookup).
    public string JsonStrings(string parameter) => $"SELECT value FROM OPENJSON({parameter}) WITH (value NVARCHAR(400) '$')";

    // The key-range lock taken by UPDLOCK, HOLDLOCK keeps a concurrent insert of the same key out until commit.
    public string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition) =>
        $"INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {keyCondition})";

    public string AddToCounters(string table, IReadOnlyList<string> keys, IReadOnlyList<string> counters) =>
        $"MERGE {table} WITH (HOLDLOCK) AS t USING (SELECT {string.Join(", ", keys.Concat(counters).Select(c => $"{Parameter(c)} AS {c}"))}) AS s " +
        $"ON {string.Join(" AND ", keys.Select(k => $"t.{k} = s.{k}"))} " +
        $"WHEN MATCHED THEN UPDATE SET {string.Join(", ", counters.Select(c => $"t.{c} = t.{c} + s.{c}"))} " +
        $"WHEN NOT MATCHED THEN INSERT ({string.Join(", ", keys.Concat(counters))}) VALUES ({string.Join(", ", keys.Concat(counters).Select(c => $"s.{c}"))});";

    // 2627: PRIMARY KEY / UNIQUE constraint; 2601: unique index.
    public bool IsUniqueViolation(DbException exception) => exception is SqlException { Number: 2627 or 2601 };

    // 547: a FOREIGN KEY (or CHECK) constraint conflict.
    public bool IsForeignKeyViolation(DbException exception) => exception is SqlException { Number: 547 };
}

public static class SqlDialects
{
    /// <summary>The parameter of a snake_case column: <c>type_key</c> → <c>@TypeKey</c>.</summary>
    public static string Parameter(string column) =>
        "@" + string.Concat(column.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>The value of a <see cref="ISqlDialect.JsonStrings"/> parameter.</summary>
    public static string JsonArray(IEnumerable<string> values) => System.Text.Json.JsonSerializer.Serialize(values);

    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.Postgres => new PostgresDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
    };
}
