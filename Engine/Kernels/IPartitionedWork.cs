namespace LstmActors.Engine.Kernels;

/// <summary>A piece of work over a range [0, count) that can run as independent contiguous parts.</summary>
internal interface IPartitionedWork
{
    /// <summary>Does the part [start, end).</summary>
    void Run(int start, int end);
}
