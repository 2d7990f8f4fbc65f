using Npgsql;

namespace Df2.Cluster.Tests;

/// <summary>A fact that needs PostgreSQL: skipped, with the reason shown, when env DF2_PG_DSN is unset (.ci/run sets it).</summary>
public sealed class PgFactAttribute : FactAttribute
{
    public PgFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DF2_PG_DSN")))
            Skip = "DF2_PG_DSN is not set: PostgreSQL store tests skipped (.ci/run installs PostgreSQL and sets it)";
    }
}

/// <summary>A throw-away database on the DF2_PG_DSN server (its user needs CREATEDB); dropped on dispose.</summary>
public sealed class PgDatabase : IDisposable
{
    private readonly string _admin;
    private readonly string _name = $"df2_t_{Guid.NewGuid():N}"[..24];

    public string Dsn { get; }

    public PgDatabase()
    {
        _admin = Environment.GetEnvironmentVariable("DF2_PG_DSN") ?? throw new InvalidOperationException("DF2_PG_DSN is not set");
        using (var c = new NpgsqlConnection(_admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {_name}", c);
            cmd.ExecuteNonQuery();
        }
        Dsn = new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ToString();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        using var c = new NpgsqlConnection(_admin);
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", c);
        cmd.ExecuteNonQuery();
    }
}

/// <summary>A theory that needs PostgreSQL: skipped, with the reason shown, when env DF2_PG_DSN is unset.</summary>
public sealed class PgTheoryAttribute : TheoryAttribute
{
    public PgTheoryAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DF2_PG_DSN")))
            Skip = "DF2_PG_DSN is not set: PostgreSQL fault tests skipped (.ci/run installs PostgreSQL and sets it)";
    }
}
