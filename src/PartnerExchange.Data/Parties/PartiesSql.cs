using PartnerExchange.Data.Database;

namespace PartnerExchange.Data.Parties;

public sealed class PartiesSql : SqlCatalog
{
    private const string Columns = "id AS Id, kind AS Kind, name AS Name, created_at AS CreatedAt";

    public PartiesSql(ISqlDialect dialect) : base(dialect)
    {
        List = $"SELECT {Columns} FROM parties WHERE id > @after ORDER BY id {dialect.Limit("@limit")}";
    }

    public string Insert { get; } = "INSERT INTO parties (id, kind, name, created_at) VALUES (@Id, @Kind, @Name, @CreatedAt)";

    public string Get { get; } = $"SELECT {Columns} FROM parties WHERE id = @id";

    public string List { get; }

    public string Count { get; } = "SELECT COUNT(*) FROM parties";
}
