namespace PartnerExchange.Data.Database;

/// <summary>Bound from the <c>Database</c> section plus <c>ConnectionStrings:PartnerExchange</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default), <c>Postgres</c> or <c>SqlServer</c>; case-insensitive.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the API starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Resolved connection string (from <c>ConnectionStrings:PartnerExchange</c> or the SQLite default).</summary>
    public string ConnectionString { get; set; } = "";
}
