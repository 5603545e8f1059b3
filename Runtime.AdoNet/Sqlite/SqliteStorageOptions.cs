namespace LstmActors.Runtime.AdoNet.Sqlite;

/// <summary>Where the SQLite stores keep their file and how long a writer waits for another's lock.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>Path of the database file, shared by every silo process on the machine; its folder is created if missing.</summary>
    public string DataSource { get; set; } = "";

    /// <summary>How long a statement waits for a lock held by another connection or process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
