namespace LstmActors.Runtime.Persistence;

/// <summary>A persistent state that its activation reads before OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task LoadAsync();
}
