using LstmActors.Runtime.AdoNet.Tests.Contracts;
using LstmActors.Runtime.AdoNet.Tests.Databases;

namespace LstmActors.Runtime.AdoNet.Tests;

/// <summary>The membership contract on a SQLite file.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableContract<SqliteTestDatabase>;

/// <summary>The grain storage contract on a SQLite file.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContract<SqliteTestDatabase>;

/// <summary>The migration contract on a SQLite file.</summary>
public sealed class SqliteMigrationTests : MigrationContract<SqliteTestDatabase>;

/// <summary>Several processes sharing a SQLite file.</summary>
public sealed class SqliteMultiProcessTests : MultiProcessContract<SqliteTestDatabase>;

/// <summary>Runtime silos on a SQLite file.</summary>
public sealed class SqliteSiloTests : SiloContract<SqliteTestDatabase>;
