namespace LstmActors.Runtime.AdoNet.Tests.Skipping;

/// <summary>Marks a test class whose <see cref="StoreFactAttribute"/> tests are skipped when the variable is not set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresEnvironmentVariableAttribute(string name) : Attribute
{
    /// <summary>The environment variable the tests need.</summary>
    public string Name { get; } = name;
}
