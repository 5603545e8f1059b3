
namespace LstmActors.Grains.Monitoring;

/// <summary>The live tick rates of one silo, answered on that silo: key it by the silo address's text (<c>SiloStatusReport.Silo</c>).</summary>
public interface ISiloTicksGrain : IGrainWithStringKey
{
    /// <summary>Per model this silo serves: ticks per second now, ticks and batches so far, mean batch size.</summary>
    Task<SiloTicks> GetTicks();
}
