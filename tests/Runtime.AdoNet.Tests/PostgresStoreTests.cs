using LstmActors.Runtime.AdoNet.Tests.Contracts;
using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;

namespace LstmActors.Runtime.AdoNet.Tests;

/// <summary>The membership contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMembershipTableTests : MembershipTableContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}

/// <summary>The grain storage contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresGrainStorageTests : GrainStorageContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}

/// <summary>The migration contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMigrationTests : MigrationContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}

/// <summary>Several processes sharing PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMultiProcessTests : MultiProcessContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
