using LstmActors.Runtime.AdoNet.Tests.Contracts;
using LstmActors.Runtime.AdoNet.Tests.Databases;
using LstmActors.Runtime.AdoNet.Tests.Skipping;

namespace LstmActors.Runtime.AdoNet.Tests;

/// <summary>The membership contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMembershipTableTests : MembershipTableContract<PostgresTestDatabase>;

/// <summary>The grain storage contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresGrainStorageTests : GrainStorageContract<PostgresTestDatabase>;

/// <summary>The migration contract on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMigrationTests : MigrationContract<PostgresTestDatabase>;

/// <summary>Several processes sharing a PostgreSQL database.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresMultiProcessTests : MultiProcessContract<PostgresTestDatabase>;

/// <summary>Runtime silos on PostgreSQL.</summary>
[RequiresEnvironmentVariable(PostgresTestDatabase.Variable)]
public sealed class PostgresSiloTests : SiloContract<PostgresTestDatabase>;
