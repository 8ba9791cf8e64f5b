namespace Harness.Engine;

/// <summary>
/// Turns an image (channels-last) into a vector. Dense layers flatten their input anyway, so this layer only
/// documents the step; it holds no parameters and moves no data. JSON: <c>"flatten"</c> or <c>{"flatten": {}}</c>.
/// </summary>
public sealed record FlattenLayer : LayerSpec
{
    public override string Text => "flatten";
    public override string Label => "f";
}
