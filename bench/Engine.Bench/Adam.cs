using System.Numerics;

namespace LstmActors.Engine.Bench;

/// <summary>Adam (β1 0.9, β2 0.999, ε 1e-7) over a fixed set of parameter arrays and their gradients, as the anchor's step does.</summary>
internal sealed class Adam(IReadOnlyList<float[]> parameters, IReadOnlyList<float[]> gradients, float learningRate)
{
    private readonly float[][] _m = parameters.Select(p => new float[p.Length]).ToArray();
    private readonly float[][] _v = parameters.Select(p => new float[p.Length]).ToArray();
    private int _step;

    public void Step()
    {
        _step++;
        float c1 = 1 - MathF.Pow(0.9f, _step), c2 = 1 - MathF.Pow(0.999f, _step);
        float rate = learningRate * MathF.Sqrt(c2) / c1;
        for (int i = 0; i < parameters.Count; i++)
        {
            Span<float> p = parameters[i], g = gradients[i], m = _m[i], v = _v[i];
            int j = 0;
            for (; j + Vector<float>.Count <= p.Length; j += Vector<float>.Count)
            {
                var gj = new Vector<float>(g[j..]);
                var mj = 0.9f * new Vector<float>(m[j..]) + 0.1f * gj;
                var vj = 0.999f * new Vector<float>(v[j..]) + 0.001f * gj * gj;
                mj.CopyTo(m[j..]);
                vj.CopyTo(v[j..]);
                (new Vector<float>(p[j..]) - rate * mj / (Vector.SquareRoot(vj) + new Vector<float>(1e-7f))).CopyTo(p[j..]);
            }
            for (; j < p.Length; j++)
            {
                m[j] = 0.9f * m[j] + 0.1f * g[j];
                v[j] = 0.999f * v[j] + 0.001f * g[j] * g[j];
                p[j] -= rate * m[j] / (MathF.Sqrt(v[j]) + 1e-7f);
            }
        }
    }
}
