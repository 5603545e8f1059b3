using System.CommandLine;
using LstmActors.Grains.Models;

namespace LstmActors.Client.Models;

/// <summary>The <c>--cell</c> option: the recurrent layer a model gets when a command creates it.</summary>
public static class CellOption
{
    /// <summary>A new <c>--cell lstm|gru</c> option, LSTM by default.</summary>
    public static Option<RecurrentCell> Create() => new("--cell")
    {
        Description = "Recurrent layer of a model this command creates: lstm or gru (an existing model keeps its own)",
        DefaultValueFactory = _ => RecurrentCell.Lstm,
        HelpName = "lstm|gru",
    };
}
