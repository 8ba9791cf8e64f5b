namespace Harness.Reports.PlotData;

/// <summary>One layer's output for one image: <see cref="Values"/> is (Height, Width, Channels), channels-last; <see cref="Layer"/> names it (e.g. "layer 1: c32k5").</summary>
public sealed record FeatureMap(string Layer, int Height, int Width, int Channels, float[] Values);
