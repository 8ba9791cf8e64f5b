namespace Harness.Engine;

/// <summary>One parameterised layer's share of a flat buffer: a weight tensor, a bias vector and the fans used to initialise them.</summary>
public readonly record struct ParameterBlock(int Weights, int Biases, int FanIn, int FanOut);
