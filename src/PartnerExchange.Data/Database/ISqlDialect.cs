using System.Data.Common;

namespace PartnerExchange.Data.Database;

/// <summary>
/// The few places where the three databases differ. Everything else in the SQL classes is shared text.
/// </summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Name of the folder of migration scripts for this dialect.</summary>
    string MigrationFolder { get; }

    DbConnection CreateConnection(string connectionString);

    /// <summary>Row limit appended after an ORDER BY clause.</summary>
    string Limit(string parameter);

    /// <summary>
    /// The strings of a JSON array parameter as rows of one column, <c>value</c>, for <c>column IN (...)</c>: one statement
    /// text and one parameter for any number of values (see <see cref="SqlDialects.JsonArray"/>).
    /// </summary>
    string JsonStrings(string parameter);

    /// <summary>
    /// An insert that does nothing when a row with the same key exists (the affected-row count tells which).
    /// <paramref name="keyCondition"/> matches the existing row by the unique key, e.g. <c>a = @A AND b = @B</c>.
    /// </summary>
    string InsertIfAbsent(string table, string columns, string values, string keyColumns, string keyCondition);

    /// <summary>
    /// Adds to counters of the row with this key, creating it when absent: <paramref name="counters"/> are column names whose
    /// parameters (same names, PascalCase) hold the increments; <paramref name="keys"/> likewise identify the row.
    /// </summary>
    string AddToCounters(string table, IReadOnlyList<string> keys, IReadOnlyList<string> counters);

    /// <summary>Whether the exception is a violation of a primary key or unique constraint.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>Whether the exception is a violation of a foreign key constraint.</summary>
    bool IsForeignKeyViolation(DbException exception);
}
