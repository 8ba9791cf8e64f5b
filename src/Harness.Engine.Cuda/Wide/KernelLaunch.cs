namespace Harness.Engine.Cuda;

/// <summary>Launches a wide.cuh kernel on <paramref name="threads"/> threads (<see cref="IWideDevice.Launch"/>, or nothing).</summary>
internal delegate void KernelLaunch(string kernel, long threads, params object[] args);
