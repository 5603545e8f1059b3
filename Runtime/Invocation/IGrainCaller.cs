namespace LstmActors.Runtime.Invocation;

/// <summary>Where grain references send their calls: a silo (hosted calls and grain-to-grain calls) or an external client.</summary>
internal interface IGrainCaller
{
    /// <summary>Sends one request; the outcome (result, exception, timeout) arrives through <paramref name="sink"/>.</summary>
    void SendRequest(GrainReference target, GrainMethod method, object?[] arguments, ResponseSink sink);
}
