namespace Harness.Engine.Cuda;

/// <summary>
/// What a <see cref="CudaBenchCase"/> measured: seconds to set the cohort up (init, upload), the first epoch (pays the
/// kernel's first launch), the median of the later epochs, all of it end to end, microseconds per model-step (median
/// epoch / (members x steps per epoch); an epoch includes the validation pass), member 0's test accuracy, the path
/// that trained it (fused or wide), and on the fused kernel the blocks per member of its last launch (0 on the wide path).
/// </summary>
public sealed record CudaBenchResult(CudaBenchCase Case, double SetupSeconds, double FirstEpochSeconds, double EpochSeconds,
    double TotalSeconds, double MicrosecondsPerModelStep, double TestAccuracy, string Path, int BlocksPerMember);
