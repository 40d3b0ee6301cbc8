namespace PartnerExchange.Data.Database;

/// <summary>
/// Base of every per-feature SQL class. Each statement is a public string property built once
/// from shared SQL and the dialect's fragments, so a test can enumerate and check all of them.
/// </summary>
public abstract class SqlCatalog(ISqlDialect dialect)
{
    protected ISqlDialect Dialect { get; } = dialect;

    /// <summary>Every statement of this class, by property name.</summary>
    public IEnumerable<KeyValuePair<string, string>> Statements() =>
        GetType().GetProperties()
            .Where(p => p.PropertyType == typeof(string) && p.GetIndexParameters().Length == 0)
            .Select(p => new KeyValuePair<string, string>(p.Name, (string)p.GetValue(this)!));

    /// <summary>Every SQL class of the Data project, built for one dialect.</summary>
    public static IReadOnlyList<SqlCatalog> All(ISqlDialect dialect) =>
        typeof(SqlCatalog).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(SqlCatalog)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (SqlCatalog)Activator.CreateInstance(t, dialect)!)
            .ToList();
}
