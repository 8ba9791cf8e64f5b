namespace Harness.Cuda;

/// <summary>Turns the integers CUDA's version calls return into "major.minor[.patch]" text.</summary>
public static class CudaVersions
{
    /// <summary>cuDriverGetVersion's 1000*major + 10*minor, e.g. 13000 -> "13.0", 12080 -> "12.8".</summary>
    public static string FormatDriver(int version) => $"{version / 1000}.{version % 1000 / 10}";

    /// <summary>cublasGetVersion's 10000*major + 100*minor + patch, e.g. 130100 -> "13.1.0".</summary>
    public static string FormatBlas(int version) => $"{version / 10000}.{version / 100 % 100}.{version % 100}";
}
