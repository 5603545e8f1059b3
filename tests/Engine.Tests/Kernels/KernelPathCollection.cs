using LstmActors.Engine.Kernels;

namespace LstmActors.Engine.Tests.Kernels;

/// <summary>Tests that force a kernel path run in this collection, never beside other tests, so the forced path is the one measured.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelPathCollection
{
    public const string Name = "Kernel paths";

    /// <summary>Every path this CPU can run, by name.</summary>
    public static TheoryData<string> AllPaths()
    {
        var data = new TheoryData<string>();
        foreach (KernelPath p in Enum.GetValues<KernelPath>())
            if (KernelPaths.IsSupported(p)) data.Add(p.ToString());
        return data;
    }

    /// <summary>Forces the named path until disposed.</summary>
    internal static IDisposable Force(string path)
    {
        KernelPaths.Force(Enum.Parse<KernelPath>(path));
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => KernelPaths.Force(null);
    }
}
