using LstmActors.Client.Streaming;

namespace LstmActors.Client.Tests;

public sealed class OrderedRowSinkTests
{
    [Fact]
    public void Results_completing_out_of_order_are_written_in_input_order()
    {
        var written = new List<string>();
        var sink = new OrderedRowSink<string>(written.Add);

        Assert.Equal(0, sink.Complete(2, "c"));
        Assert.Equal(0, sink.Complete(1, "b"));
        Assert.Equal(3, sink.Complete(0, "a"));
        Assert.Equal(1, sink.Complete(3, "d"));

        Assert.Equal(["a", "b", "c", "d"], written);
    }
}
