namespace LstmActors.Runtime.AdoNet;

/// <summary>A database operation of a membership table or grain storage failed; the message names the database and what was being done.</summary>
public sealed class StoreException(string message, Exception? innerException = null) : Exception(message, innerException);
