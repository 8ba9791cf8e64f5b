namespace Harness.Engine.Cuda;

/// <summary>
/// One measurement of `bench --engine cuda`: <paramref name="Members"/> copies of <paramref name="Config"/> (seeds
/// 1, 2, ...) trained as one cohort for <paramref name="Epochs"/> epochs, with its goal and the strongest peer
/// measured on an H200 (2026-11-29) in words. <paramref name="Path"/> forces the engine's path (fused or wide;
/// null: the engine picks, <see cref="WidePath"/>); <paramref name="Tf32"/> lets the wide path's GEMMs use TF32.
/// </summary>
public sealed record CudaBenchCase(string Name, string Description, TrainConfig Config, int Members, int Epochs, CudaBenchGoal Goal, string Peer,
    string? Path = null, bool Tf32 = false);
