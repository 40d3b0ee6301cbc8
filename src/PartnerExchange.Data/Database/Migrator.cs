using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace PartnerExchange.Data.Database;

/// <summary>Applies the numbered, embedded migration scripts of the configured dialect with DbUp.</summary>
public sealed class Migrator(Db db, ILogger<Migrator> logger)
{
    private static readonly Assembly s_assembly = typeof(Migrator).Assembly;

    /// <summary>The embedded script names of one dialect, in order.</summary>
    public static IReadOnlyList<string> ScriptNames(ISqlDialect dialect) =>
        s_assembly.GetManifestResourceNames()
            .Where(n => n.Contains($".Migrations.{dialect.MigrationFolder}.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string ReadScript(string resourceName)
    {
        using var stream = s_assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Missing embedded script {resourceName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Migrate()
    {
        if (db.Dialect.Provider == DatabaseProvider.Sqlite)
        {
            PrepareSqliteFile();
        }

        var result = Build().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
        }

        foreach (var script in result.Scripts)
        {
            logger.LogInformation("Applied migration {Script}", script.Name);
        }
    }

    /// <summary>True when the database is reachable and every migration has been applied.</summary>
    public bool IsCurrent() => !Build().IsUpgradeRequired();

    private UpgradeEngine Build()
    {
        UpgradeEngineBuilder builder = db.Dialect.Provider switch
        {
            DatabaseProvider.Sqlite => DeployChanges.To.SqliteDatabase(db.ConnectionString),
            DatabaseProvider.Postgres => DeployChanges.To.PostgresqlDatabase(db.ConnectionString),
            DatabaseProvider.SqlServer => DeployChanges.To.SqlDatabase(db.ConnectionString),
            _ => throw new InvalidOperationException($"Unknown provider {db.Dialect.Provider}."),
        };

        var folder = $".Migrations.{db.Dialect.MigrationFolder}.";
        return builder
            .WithScriptsEmbeddedInAssembly(s_assembly, name => name.Contains(folder, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build();
    }

    // The embedded database lives in a file of the data folder; WAL lets readers run beside the writer.
    private void PrepareSqliteFile()
    {
        var builder = new SqliteConnectionStringBuilder(db.ConnectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    private sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
