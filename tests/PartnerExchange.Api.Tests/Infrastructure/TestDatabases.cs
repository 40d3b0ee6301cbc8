using Npgsql;

namespace PartnerExchange.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of the test run (started by scripts/test.sh). Each fixture gets a fresh database on it.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "PX_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL, " +
                "or point the variable at a server where the user may create databases.");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "px_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ToString();
    }
}
