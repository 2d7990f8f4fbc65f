using System.Data.Common;

namespace Df2.Silo.Stores;

/// <summary>Small ADO.NET helpers shared by both stores: named parameters (null → DBNull) and typed reads.</summary>
internal static class SqlHelpers
{
    public static DbCommand Cmd(this DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (n, v) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = n;
            p.Value = v ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public static int Exec(this DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = c.Cmd(tx, sql, ps);
        return cmd.ExecuteNonQuery();
    }

    public static object? Scalar(this DbConnection c, DbTransaction? tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = c.Cmd(tx, sql, ps);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    public static string? Str(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? Long(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));

    public static int? Int(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i));

    public static double? Dbl(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i));

    public static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
