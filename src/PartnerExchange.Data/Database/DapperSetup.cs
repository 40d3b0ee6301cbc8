using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace PartnerExchange.Data.Database;

internal static class DapperSetup
{
    private static int s_registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            // Dapper consults its built-in type map before custom handlers when binding parameters: without removing
            // DateTimeOffset from it, a value with an offset (a query's ?from=...+02:00) would be bound as it came.
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
            SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
            SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        }
    }

    /// <summary>Times bound as <see cref="DbTimes.Bind"/> binds them.</summary>
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value) => DbTimes.Bind(parameter, value);

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto.ToUniversalTime(),
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot convert {value.GetType()} to DateTimeOffset."),
        };
    }
}

/// <summary>How times are kept: at the precision every database keeps, bound by Dapper and <see cref="RowCommand"/> alike.</summary>
public static class DbTimes
{
    /// <summary>
    /// A time as every database keeps it: UTC, in whole microseconds (PostgreSQL's timestamptz keeps no more). The
    /// times the API stores are made this way before they are written anywhere, so that a record read back from its
    /// table and its copy in the change feed (or a response) say the same, to the last digit, on every database.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>
    /// Times are bound in UTC everywhere (PostgreSQL's timestamptz accepts nothing else). SQLite has no time type: they
    /// are stored as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF+00:00</c>, the form Microsoft.Data.Sqlite itself writes, which sorts
    /// and compares correctly as text because every value is UTC and '+' sorts below '.' and the digits.
    /// </summary>
    internal static void Bind(IDbDataParameter parameter, DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        if (parameter is SqliteParameter)
        {
            parameter.DbType = DbType.String;
            parameter.Value = utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
        }
        else
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = utc;
        }
    }
}
