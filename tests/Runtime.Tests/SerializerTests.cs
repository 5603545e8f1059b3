using LstmActors.Runtime;
using LstmActors.Runtime.Hosting;
using LstmActors.Runtime.Testing;
using LstmActors.Runtime.Serialization;
using Runtime.Tests.Grains;

namespace Runtime.Tests;

public enum Colour : byte
{
    Red = 1,
    Blue = 200,
}

public sealed record Node(string Name, Node? Next);

public sealed class Mutable
{
    public int Id { get; set; }

    public List<string> Tags { get; set; } = [];
}

public readonly record struct Point(double X, double Y);

public sealed record Everything(
    bool Flag, byte B, short S, int I, long L, ulong U, float F, double D, decimal M, char C, string Text, string? Missing,
    Guid Id, DateTimeOffset At, DateTime When, TimeSpan Span, Colour Colour, int? Some, int? None,
    float[] Weights, double[] Doubles, int[][] Jagged, string[] Names, List<Point> Points, IReadOnlyList<int> ReadOnly,
    Dictionary<string, float[]> ByName, IReadOnlyDictionary<int, string> Lookup, Mutable Nested, Node Chain);

public sealed class NoSetter(int value)
{
    public int Value { get; } = value * 2;
    public int Other { get; } = value;
}

public sealed class SerializerTests
{
    private static T RoundTrip<T>(T value)
    {
        var writer = new FrameWriter(16);
        CodecProvider.Shared.Get<T>().Write(writer, value);
        var bytes = writer.Written.ToArray();
        var reader = new FrameReader();
        reader.Reset(bytes, 0, bytes.Length);
        var result = CodecProvider.Shared.Get<T>().Read(reader);
        Assert.Equal(0, reader.Remaining);
        return result;
    }

    [Fact]
    public void Records_collections_primitives_and_nesting_round_trip()
    {
        var weights = Enumerable.Range(0, 10_000).Select(i => MathF.Sin(i)).ToArray();
        var value = new Everything(
            true, 255, -12345, int.MinValue, long.MaxValue, ulong.MaxValue, 1.5f, Math.PI, 12345.6789m, 'é', "grüße, 世界", null,
            Guid.NewGuid(), new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.FromHours(2)), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            TimeSpan.FromTicks(-987654321), Colour.Blue, 42, null,
            weights, [double.NaN, -0.0, double.Epsilon], [[1, 2], [], [3]], ["a", "", "c"], [new(1, 2), new(-3, 4.5)], [7, 8, 9],
            new() { ["w"] = [1f, 2f], ["empty"] = [] }, new Dictionary<int, string> { [1] = "one", [-2] = "minus two" },
            new Mutable { Id = 9, Tags = ["x", "y"] }, new Node("a", new Node("b", new Node("c", null))));

        var copy = RoundTrip(value);

        Assert.Equal(value.Text, copy.Text);
        Assert.Null(copy.Missing);
        Assert.Equal(value.Id, copy.Id);
        Assert.Equal(value.At, copy.At);
        Assert.Equal(value.At.Offset, copy.At.Offset);
        Assert.Equal(value.When, copy.When);
        Assert.Equal(value.Span, copy.Span);
        Assert.Equal((value.Flag, value.B, value.S, value.I, value.L, value.U, value.F, value.D, value.M, value.C), (copy.Flag, copy.B, copy.S, copy.I, copy.L, copy.U, copy.F, copy.D, copy.M, copy.C));
        Assert.Equal(Colour.Blue, copy.Colour);
        Assert.Equal(42, copy.Some);
        Assert.Null(copy.None);
        Assert.Equal(weights, copy.Weights);
        Assert.Equal(value.Doubles, copy.Doubles);
        Assert.Equal(value.Jagged, copy.Jagged);
        Assert.Equal(value.Names, copy.Names);
        Assert.Equal(value.Points, copy.Points);
        Assert.Equal(value.ReadOnly, copy.ReadOnly);
        Assert.Equal(value.ByName["w"], copy.ByName["w"]);
        Assert.Empty(copy.ByName["empty"]);
        Assert.Equal(value.Lookup.OrderBy(p => p.Key), copy.Lookup.OrderBy(p => p.Key));
        Assert.Equal(9, copy.Nested.Id);
        Assert.Equal(["x", "y"], copy.Nested.Tags);
        Assert.Equal("c", copy.Chain.Next!.Next!.Name);
        Assert.Null(copy.Chain.Next.Next.Next);
    }

    [Fact]
    public void Float_arrays_travel_as_raw_bytes()
    {
        var writer = new FrameWriter(16);
        CodecProvider.Shared.Get<float[]>().Write(writer, new float[1000]);
        Assert.InRange(writer.Position, 4000, 4003);
    }

    [Fact]
    public void Exceptions_come_back_as_remote_exceptions_with_type_message_and_stack()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("state is wrong");
        }
        catch (Exception e)
        {
            thrown = e;
        }
        var copy = Assert.IsType<RemoteGrainException>(RoundTrip(thrown));
        Assert.Equal("System.InvalidOperationException", copy.OriginalTypeName);
        Assert.Equal("state is wrong", copy.OriginalMessage);
        Assert.Contains(nameof(Exceptions_come_back_as_remote_exceptions_with_type_message_and_stack), copy.RemoteStackTrace);
    }

    [Theory]
    [InlineData(typeof(object), "System.Object")]
    [InlineData(typeof(IDisposable), "System.IDisposable")]
    [InlineData(typeof(NoSetter), "Runtime.Tests.NoSetter")]
    [InlineData(typeof(Stream), "System.IO.Stream")]
    [InlineData(typeof(HashSet<int>), "System.Collections.Generic.HashSet")]
    [InlineData(typeof(Action), "System.Action")]
    public void Unsupported_types_are_reported_by_name(Type type, string name)
    {
        var e = Assert.Throws<CodecNotFoundException>(() => CodecProvider.Shared.Get(type));
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Unsupported_nested_type_names_the_inner_type_and_leaves_no_half_built_codec()
    {
        var e = Assert.Throws<CodecNotFoundException>(() => CodecProvider.Shared.Get(typeof(List<NoSetter>)));
        Assert.Contains("NoSetter", e.Message);
        Assert.Throws<CodecNotFoundException>(() => CodecProvider.Shared.Get(typeof(List<NoSetter>)));
    }

    [Fact]
    public void Grain_interface_with_an_unsupported_parameter_is_reported_at_first_use_with_method_and_type()
    {
        var e = Assert.Throws<CodecNotFoundException>(() => LstmActors.Runtime.Invocation.GrainInterfaceCatalog.Get(typeof(IUnsupportedGrain)));
        Assert.Contains("IUnsupportedGrain.Take", e.Message);
        Assert.Contains("System.Object", e.Message);
    }

    [Fact]
    public async Task Silo_hosting_a_grain_with_an_unsupported_parameter_refuses_to_start_naming_it()
    {
        var e = await Assert.ThrowsAsync<CodecNotFoundException>(() => TestCluster.StartAsync(o =>
        {
            o.InitialSilosCount = 1;
            o.ConfigureSilo = silo => silo.AddGrain<UnsupportedGrain>();
        }));
        Assert.Contains("IUnsupportedGrain.Take", e.Message);
        Assert.Contains("System.Object", e.Message);
    }

    [Fact]
    public void Truncated_input_fails_with_a_clear_error_instead_of_garbage()
    {
        var writer = new FrameWriter(16);
        CodecProvider.Shared.Get<Sample>().Write(writer, new Sample("x", [1f, 2f, 3f], DateTimeOffset.UnixEpoch, 3));
        var bytes = writer.Written.ToArray();
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var reader = new FrameReader();
            reader.Reset(bytes, 0, cut);
            Assert.Throws<InvalidDataException>(() => CodecProvider.Shared.Get<Sample>().Read(reader));
        }
    }

    [Fact]
    public void Derived_instance_of_a_declared_class_is_refused_when_written()
    {
        var writer = new FrameWriter(16);
        var e = Assert.Throws<CodecNotFoundException>(() => CodecProvider.Shared.Get<Base>().Write(writer, new Derived()));
        Assert.Contains("Derived", e.Message);
    }

    public class Base
    {
        public int A { get; set; }
    }

    public sealed class Derived : Base
    {
        public int B { get; set; }
    }
}
