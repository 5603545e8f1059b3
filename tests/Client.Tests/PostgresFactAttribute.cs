namespace LstmActors.Client.Tests;

/// <summary>A fact that needs PostgreSQL: skipped, saying why, when LSTMACTORS_POSTGRES is not set; run (and failing if unreachable) when it is.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The variable that holds the test database's connection string.</summary>
    public const string Variable = "LSTMACTORS_POSTGRES";

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the connection string is missing.</summary>
    public PostgresFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set (a PostgreSQL connection string); .ci/run sets it.";
    }
}
