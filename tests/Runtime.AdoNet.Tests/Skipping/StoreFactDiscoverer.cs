using Xunit.Abstractions;
using Xunit.Sdk;

namespace LstmActors.Runtime.AdoNet.Tests.Skipping;

/// <summary>Discovers <see cref="StoreFactAttribute"/> tests, skipping those of a class whose required variable is missing.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    /// <inheritdoc />
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var required = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresEnvironmentVariableAttribute)).FirstOrDefault();
        var name = required?.GetConstructorArguments().Single() as string;
        if (name is null || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
        return new SkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod, $"{name} is not set (a connection string); .ci/run sets it.");
    }
}
