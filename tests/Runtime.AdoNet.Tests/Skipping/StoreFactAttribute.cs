using Xunit.Sdk;

namespace LstmActors.Runtime.AdoNet.Tests.Skipping;

/// <summary>
/// A fact of a store contract, declared once in an abstract class; skipped for a concrete class whose
/// <see cref="RequiresEnvironmentVariableAttribute"/> names a variable that is not set.
/// </summary>
[XunitTestCaseDiscoverer("LstmActors.Runtime.AdoNet.Tests.Skipping.StoreFactDiscoverer", "Runtime.AdoNet.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
