namespace LstmActors.Cluster.Tests.Postgres;

/// <summary>A fact that needs PostgreSQL: skipped, saying why, when LSTMACTORS_POSTGRES is not set; run (and failing if unreachable) when it is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the connection string is missing.</summary>
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ClusterSchema.Variable)))
            Skip = $"{ClusterSchema.Variable} is not set (a PostgreSQL connection string); .ci/run sets it.";
    }
}
