using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace PartnerExchange.Data.Database;

/// <summary>
/// Runs one statement once for each of many rows, in the caller's transaction, through one command whose parameters are
/// created once, under the names the statement uses, and given each row's values in turn: the bulk writes of a publish
/// (up to 1,000 signals and as many change-log entries). Dapper's multi-row execute adds every parameter afresh for
/// each row, named without its '@', and Microsoft.Data.Sqlite then looks each one up in the statement under four
/// names (as given, '@', '$', ':') before it binds it; at a dozen parameters per row that cost more than the inserts
/// themselves (2.3 times as long per 1,000 rows of 13 text values, measured). Values are bound as Dapper binds them:
/// times through <see cref="DbTimes"/>, null as <see cref="DBNull"/>, short strings with Dapper's fixed size.
/// </summary>
public static partial class RowCommand
{
    /// <summary>Executes <paramref name="sql"/> for each row, its <c>@Name</c> parameters read from the row's properties; the rows affected.</summary>
    public static async Task<int> ExecuteEachAsync<T>(DbConnection connection, DbTransaction transaction, string sql, IEnumerable<T> rows, CancellationToken ct)
    {
        var readers = Readers<T>.For(sql);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        var parameters = new DbParameter[readers.Length];
        for (var i = 0; i < readers.Length; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@" + readers[i].Name;
            command.Parameters.Add(parameters[i]);
        }

        var affected = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < readers.Length; i++)
            {
                Bind(parameters[i], readers[i].Read(row));
            }

            affected += await command.ExecuteNonQueryAsync(ct);
        }

        return affected;
    }

    private static void Bind(DbParameter parameter, object? value)
    {
        switch (value)
        {
            case null:
                parameter.ResetDbType();
                parameter.Value = DBNull.Value;
                break;
            case DateTimeOffset time:
                DbTimes.Bind(parameter, time);
                break;
            case string text:
                parameter.DbType = DbType.String;
                if (parameter is not SqliteParameter)
                {
                    parameter.Size = text.Length <= 4000 ? 4000 : -1; // one plan per statement on SQL Server, as Dapper sizes them
                }

                parameter.Value = text;
                break;
            default:
                parameter.ResetDbType();
                parameter.Value = value;
                break;
        }
    }

    [GeneratedRegex(@"(?<![\w@])@(\w+)")]
    private static partial Regex ParameterName();

    /// <summary>The statement's parameters, each with the getter of the row property of its name (compiled once per statement).</summary>
    private static class Readers<T>
    {
        private static readonly ConcurrentDictionary<string, (string Name, Func<T, object?> Read)[]> s_bySql = new(StringComparer.Ordinal);

        public static (string Name, Func<T, object?> Read)[] For(string sql) => s_bySql.GetOrAdd(sql, static text =>
            ParameterName().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(name => (name, Getter(name))).ToArray());

        private static Func<T, object?> Getter(string name)
        {
            var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? throw new InvalidOperationException($"{typeof(T).Name} has no property for the parameter @{name}.");
            var row = Expression.Parameter(typeof(T), "row");
            return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(row, property), typeof(object)), row).Compile();
        }
    }
}
