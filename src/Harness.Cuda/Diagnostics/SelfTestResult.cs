namespace Harness.Cuda.Diagnostics;

/// <summary>One self-test check: what ran, whether it matched the CPU, and the numbers.</summary>
public sealed record SelfTestResult(string Name, bool Passed, string Detail);
