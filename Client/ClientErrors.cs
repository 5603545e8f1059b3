// The failures a command reports as one line on stderr, each with its own exit code (see ExitCodes).
namespace LstmActors.Client;

/// <summary>Bad user input (a file, a value, an argument): the message names the thing and the place; exit code 2.</summary>
public sealed class InputException(string message) : Exception(message);

/// <summary>The cluster could not be reached at the named address; exit code 3.</summary>
public sealed class ClusterUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The cluster was reached but a grain failed the request; exit code 4.</summary>
public sealed class ClusterRequestException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An option value is malformed (e.g. a gateway that is not host:port); exit code 1.</summary>
public sealed class UsageException(string message) : Exception(message);
