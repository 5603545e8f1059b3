namespace LstmActors.Runtime.Configuration;

/// <summary>Identity of a silo (Orleans' SiloOptions).</summary>
public sealed class SiloOptions
{
    /// <summary>Name for logs and the membership table's host name column; the machine name by default.</summary>
    public string SiloName { get; set; } = Environment.MachineName;
}
