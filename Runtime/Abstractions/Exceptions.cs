namespace LstmActors.Runtime;

/// <summary>An exception thrown by a grain in another process or silo: original type name, message and stack text.</summary>
public sealed class RemoteGrainException(string originalTypeName, string message, string? remoteStackTrace)
    : Exception($"{originalTypeName}: {message}")
{
    /// <summary>Full name of the exception type thrown remotely.</summary>
    public string OriginalTypeName { get; } = originalTypeName;

    /// <summary>The original exception's message.</summary>
    public string OriginalMessage { get; } = message;

    /// <summary>The stack trace text where it was thrown.</summary>
    public string? RemoteStackTrace { get; } = remoteStackTrace;
}

/// <summary>The silo (or gateway) a call was sent to is unreachable or went away before answering.</summary>
public sealed class SiloUnavailableException(string message) : Exception(message);

/// <summary>A call was refused by the runtime (e.g. placement did not settle after several forwards); retrying may succeed.</summary>
public sealed class MessageRejectionException(string message) : Exception(message);

/// <summary>A type cannot be serialized; names the type and the place it was met.</summary>
public sealed class CodecNotFoundException(string message) : Exception(message);
