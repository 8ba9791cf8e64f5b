namespace Harness.Cuda;

/// <summary>cublasMath_t: the arithmetic cuBLAS may use for single-precision products.</summary>
public enum BlasMathMode
{
    /// <summary>Plain fp32 (CUBLAS_DEFAULT_MATH).</summary>
    Default = 0,

    /// <summary>
    /// TF32 tensor cores (CUBLAS_TF32_TENSOR_OP_MATH, compute capability 8.0 and up): inputs rounded to 10 mantissa
    /// bits, fp32 sums; several times the throughput, about 1e-3 relative error per product.
    /// </summary>
    Tf32 = 3,
}
