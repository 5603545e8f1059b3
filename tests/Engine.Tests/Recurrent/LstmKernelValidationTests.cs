using LstmActors.Engine.Recurrent;

namespace LstmActors.Engine.Tests.Recurrent;

/// <summary>Wrong shapes reach the caller as ArgumentExceptions that say what was expected and what came.</summary>
public sealed class LstmKernelValidationTests
{
    private static LstmKernel Ready(out LstmSpec spec)
    {
        spec = new LstmSpec(3, 4);
        var kernel = new LstmKernel(spec);
        kernel.SetWeights(new LstmWeights(3, 4));
        return kernel;
    }

    [Fact]
    public void Weights_of_the_wrong_shape_are_refused_naming_both_shapes()
    {
        var kernel = new LstmKernel(new LstmSpec(3, 4));
        var ex = Assert.Throws<ArgumentException>(() => kernel.SetWeights(new LstmWeights(5, 4)));
        Assert.Contains("expected input size 3 and units 4", ex.Message);
        Assert.Contains("got input size 5 and units 4", ex.Message);
    }

    [Fact]
    public void Forward_before_weights_are_set_is_refused()
    {
        var kernel = new LstmKernel(new LstmSpec(3, 4));
        var ex = Assert.Throws<InvalidOperationException>(() => kernel.Forward(new float[6], 1, 2, new LstmCarry(1, 4), new float[8]));
        Assert.Contains("SetWeights", ex.Message);
    }

    [Fact]
    public void Input_of_the_wrong_length_names_the_expected_shape()
    {
        var kernel = Ready(out _);
        var ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[7], 1, 2, new LstmCarry(1, 4), new float[8]));
        Assert.Equal("x", ex.ParamName);
        Assert.Contains("(batch 1, timesteps 2, features 3) = 6", ex.Message);
        Assert.Contains("got 7", ex.Message);
    }

    [Fact]
    public void Outputs_of_the_wrong_length_are_refused()
    {
        var kernel = Ready(out _);
        var ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[6], 1, 2, new LstmCarry(1, 4), new float[4]));
        Assert.Equal("outputs", ex.ParamName);
        Assert.Contains("(batch 1, timesteps 2, units 4) = 8", ex.Message);
    }

    [Fact]
    public void A_carry_of_another_batch_is_refused()
    {
        var kernel = Ready(out _);
        var ex = Assert.Throws<ArgumentException>(() => kernel.Forward(new float[12], 2, 2, new LstmCarry(3, 4), new float[16]));
        Assert.Contains("expected (batch 2, units 4), got (batch 3, units 4)", ex.Message);
    }

    [Fact]
    public void Dropout_masks_of_the_wrong_length_are_refused()
    {
        var kernel = Ready(out _);
        var ex = Assert.Throws<ArgumentException>(() =>
            kernel.Forward(new float[6], 1, 2, new LstmCarry(1, 4), new float[8], masks: new DropoutMasks(null, new float[3])));
        Assert.Contains("recurrent dropout mask", ex.Message);
        Assert.Contains("got 3", ex.Message);
    }

    [Fact]
    public void A_tape_of_another_layer_is_refused()
    {
        var kernel = Ready(out _);
        var ex = Assert.Throws<ArgumentException>(() =>
            kernel.Forward(new float[6], 1, 2, new LstmCarry(1, 4), new float[8], new LstmTape(new LstmSpec(2, 4), 1, 2)));
        Assert.Contains("tape", ex.Message);
    }

    [Fact]
    public void Backward_checks_gradient_lengths_and_that_the_tape_holds_a_pass()
    {
        var kernel = Ready(out var spec);
        var tape = new LstmTape(spec, 1, 2);
        var grads = new LstmWeights(3, 4);
        Assert.Throws<InvalidOperationException>(() => kernel.Backward(tape, new float[8], default, default, grads, default, default, default));
        kernel.Forward(new float[6], 1, 2, new LstmCarry(1, 4), new float[8], tape);
        var ex = Assert.Throws<ArgumentException>(() => kernel.Backward(tape, new float[7], default, default, grads, default, default, default));
        Assert.Equal("dOutputs", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => kernel.Backward(tape, new float[8], new float[5], default, grads, default, default, default));
        Assert.Equal("dFinalH", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => kernel.Backward(tape, new float[8], default, default, new LstmWeights(3, 5), default, default, default));
        Assert.Contains("gradients", ex.Message);
    }

    [Fact]
    public void A_tape_grows_for_a_larger_pass_and_records_the_last_one()
    {
        var kernel = Ready(out var spec);
        var tape = new LstmTape(spec, 1, 1);
        kernel.Forward(new float[2 * 3 * 3], 2, 3, new LstmCarry(2, 4), new float[2 * 3 * 4], tape);
        Assert.Equal(2, tape.Batch);
        Assert.Equal(3, tape.Timesteps);
    }
}
