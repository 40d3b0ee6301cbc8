namespace PartnerExchange.Data.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}
