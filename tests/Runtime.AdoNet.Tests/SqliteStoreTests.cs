using LstmActors.Runtime.AdoNet.Tests.Contracts;
using LstmActors.Runtime.AdoNet.Tests.Databases;

namespace LstmActors.Runtime.AdoNet.Tests;

/// <summary>The membership contract on a SQLite file.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

/// <summary>The grain storage contract on a SQLite file.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

/// <summary>The migration contract on a SQLite file.</summary>
public sealed class SqliteMigrationTests : MigrationContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

/// <summary>Several processes sharing a SQLite file.</summary>
public sealed class SqliteMultiProcessTests : MultiProcessContract
{
    /// <inheritdoc />
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}
