namespace LstmActors.Runtime.AdoNet.Postgres;

/// <summary>Which PostgreSQL database the stores use.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>Npgsql connection string, e.g. "Host=db;Port=5432;Username=u;Password=p;Database=lstmactors".</summary>
    public string ConnectionString { get; set; } = "";
}
