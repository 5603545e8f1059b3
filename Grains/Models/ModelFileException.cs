namespace LstmActors.Grains.Models;

/// <summary>A fitted model file that cannot be read or written; the message names the file and why.</summary>
public sealed class ModelFileException(string message, Exception inner) : Exception(message, inner);
