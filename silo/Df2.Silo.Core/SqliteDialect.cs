using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Df2.Silo.Stores;

/// <summary>Embedded store: one SQLite file in WAL mode; writes serialised in-process (the API is the only writer).</summary>
public sealed class SqliteDialect(string path) : ISqlDialect
{
    private readonly string _cs = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Name => "sqlite";

    public string AutoId => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public string Real => "REAL";

    public string Blob => "BLOB";

    public string LockPendingRow => "";

    public bool SerializeWrites => true;

    public DbConnection Open()
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var c = new SqliteConnection(_cs);
        c.Open();
        Prepare(c);
        return c;
    }

    public void Prepare(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        cmd.ExecuteNonQuery();
    }
}
