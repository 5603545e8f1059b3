namespace LstmActors.Silo.Configuration;

/// <summary>A configuration value is missing or malformed; the message names the setting.</summary>
public sealed class SiloConfigurationException(string message) : Exception(message);
