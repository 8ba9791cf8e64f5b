namespace Harness.Cuda.Interop;

/// <summary>The three native libraries this project binds.</summary>
public enum CudaLibrary
{
    /// <summary>The CUDA driver API (libcuda.so.1, nvcuda.dll); comes with the NVIDIA driver.</summary>
    Driver,

    /// <summary>NVRTC, the runtime CUDA C compiler; needs no GPU.</summary>
    Nvrtc,

    /// <summary>cuBLAS; needs the driver and a device to do anything.</summary>
    Blas,
}
