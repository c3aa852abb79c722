using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Devices;

/// <summary>
/// Tensor-and-number arithmetic for the hot loops (search steps, training batches). TorchSharp's own operators
/// (<c>t * 0.5</c>, <c>t.pow(2)</c>, <c>t.clamp_min(1e-12)</c>) wrap the number in a <see cref="Scalar"/> that nothing
/// holds while libtorch reads it, so a garbage collection during the native call may let the finaliser free it first
/// ("Unknown scalar type", dotnet/TorchSharp#1434). Here each Scalar lives until the call returns and is freed at once.
/// Results are bit for bit those of the operators they replace.
/// </summary>
public static class KeptScalars
{
    /// <summary>t * value.</summary>
    public static Tensor Mul(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.mul(s);
    }

    /// <summary>t + value.</summary>
    public static Tensor Add(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.add(s);
    }

    /// <summary>t - value.</summary>
    public static Tensor Sub(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.sub(s);
    }

    /// <summary>value - t, computed as TorchSharp's operator does (-t + value).</summary>
    public static Tensor SubtractedFrom(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        using var negated = t.negative();
        return negated.add(s);
    }

    /// <summary>t / value.</summary>
    public static Tensor Div(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.div(s);
    }

    /// <summary>value / t, computed as TorchSharp's operator does (value times 1 / t).</summary>
    public static Tensor DividedInto(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        using var reciprocal = t.reciprocal();
        return reciprocal.mul(s);
    }

    /// <summary>t * t, which is what libtorch computes for <c>t.pow(2)</c>.</summary>
    public static Tensor Square(this Tensor t) => t.mul(t);

    /// <summary>max(t, value) elementwise.</summary>
    public static Tensor ClampMin(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.clamp_min(s);
    }

    /// <summary>min(t, value) elementwise.</summary>
    public static Tensor ClampMax(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.clamp_max(s);
    }

    /// <summary>t &gt; value.</summary>
    public static Tensor Gt(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.gt(s);
    }

    /// <summary>t == value, for integer tensors such as class indices.</summary>
    public static Tensor Eq(this Tensor t, long value)
    {
        using var s = value.ToScalar();
        return t.eq(s);
    }

    /// <summary>t &lt; value.</summary>
    public static Tensor Lt(this Tensor t, double value)
    {
        using var s = value.ToScalar();
        return t.lt(s);
    }
}
