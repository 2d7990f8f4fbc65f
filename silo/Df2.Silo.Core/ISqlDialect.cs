using System.Data.Common;

namespace Df2.Silo.Stores;

/// <summary>The few places where SQLite and PostgreSQL SQL differ; everything else is shared in <see cref="SqlClusterStore"/>.</summary>
public interface ISqlDialect
{
    string Name { get; }

    DbConnection Open();

    /// <summary>Column type of an auto-incrementing 64-bit primary key.</summary>
    string AutoId { get; }

    string Real { get; }

    string Blob { get; }

    /// <summary>Suffix of the pending-cell subquery: PostgreSQL locks the row and skips ones another API replica holds.</summary>
    string LockPendingRow { get; }

    /// <summary>Serialise writers in this process (SQLite has one writer; PostgreSQL relies on row locks).</summary>
    bool SerializeWrites { get; }

    /// <summary>Statements run once per connection open (e.g. pragmas).</summary>
    void Prepare(DbConnection connection);
}
