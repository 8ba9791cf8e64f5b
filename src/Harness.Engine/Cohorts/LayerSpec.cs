namespace Harness.Engine;

/// <summary>
/// One layer of an <see cref="Architecture"/>, input side first. Dense layers today; convolution, pooling and
/// flatten layers join this list as further records.
/// </summary>
public abstract record LayerSpec
{
    /// <summary>Short text for labels and keys, e.g. <c>dense 30</c>.</summary>
    public abstract string Text { get; }
}
