using System.Runtime.InteropServices;
using Harness.Cuda.Interop;

namespace Harness.Cuda;

/// <summary>
/// One kernel of a loaded module with its launch shape (grid, block, dynamic shared memory), launched by
/// <see cref="Run"/>. Shaped like ManagedCuda's CudaKernel. Launches are asynchronous; a fault shows at the next
/// synchronising call (<see cref="CudaContext.Synchronize"/>, a copy to the host).
/// </summary>
public sealed unsafe class CudaKernel
{
    private readonly CudaContext _context;
    private readonly DriverApi _api;
    private readonly nint _function;

    internal CudaKernel(CudaContext context, DriverApi api, nint function, string name)
    {
        _context = context;
        _api = api;
        _function = function;
        Name = name;
    }

    /// <summary>The kernel's name, as in errors.</summary>
    public string Name { get; }

    /// <summary>Blocks in the grid.</summary>
    public Dim3 GridDimensions { get; set; } = 1;

    /// <summary>Threads per block.</summary>
    public Dim3 BlockDimensions { get; set; } = 1;

    /// <summary>Dynamic shared memory per block, in bytes.</summary>
    public uint DynamicSharedMemory { get; set; }

    /// <summary>The stream launches go to (the legacy default stream unless set).</summary>
    public CudaStream Stream { get; set; } = CudaStream.Legacy;

    /// <summary>
    /// Launch with cuLaunchCooperativeKernel: every block of the grid is resident at once (or the launch fails with
    /// CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE), so blocks may wait for each other. Off by default.
    /// </summary>
    public bool Cooperative { get; set; }

    /// <summary>Registers per thread the compiled kernel uses (CU_FUNC_ATTRIBUTE_NUM_REGS).</summary>
    public int Registers => Attribute(CudaConstants.FunctionAttribute.NumRegs, "NUM_REGS");

    /// <summary>Local memory per thread in bytes, i.e. register spills and stack arrays (CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES).</summary>
    public int LocalBytes => Attribute(CudaConstants.FunctionAttribute.LocalSizeBytes, "LOCAL_SIZE_BYTES");

    /// <summary>Static shared memory per block in bytes (CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES).</summary>
    public int SharedBytes => Attribute(CudaConstants.FunctionAttribute.SharedSizeBytes, "SHARED_SIZE_BYTES");

    /// <summary>How many blocks of <see cref="BlockDimensions"/> threads and <see cref="DynamicSharedMemory"/> one multiprocessor holds at once (cuOccupancyMaxActiveBlocksPerMultiprocessor).</summary>
    public int MaxActiveBlocksPerMultiprocessor()
    {
        int blocks = 0;
        _context.MakeCurrent();
        CudaCheck.Driver(_api.cuOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, _function, (int)BlockDimensions.Size, DynamicSharedMemory),
            "cuOccupancyMaxActiveBlocksPerMultiprocessor", Name);
        return blocks;
    }

    /// <summary>
    /// Launches the kernel on <see cref="Stream"/>. Arguments in the kernel's order: int, uint, long, ulong, float,
    /// double, or a device buffer (<see cref="IDevicePointer"/>, passed as its address).
    /// </summary>
    public void Run(params object[] args) => KernelArguments.With(Name, args, Launch);

    private void Launch(void** pointers)
    {
        _context.MakeCurrent();
        if (Cooperative)
            CudaCheck.Driver(_api.cuLaunchCooperativeKernel(_function, GridDimensions.X, GridDimensions.Y, GridDimensions.Z,
                BlockDimensions.X, BlockDimensions.Y, BlockDimensions.Z, DynamicSharedMemory, Stream.Handle, pointers),
                "cuLaunchCooperativeKernel", Name);
        else
            CudaCheck.Driver(_api.cuLaunchKernel(_function, GridDimensions.X, GridDimensions.Y, GridDimensions.Z,
                BlockDimensions.X, BlockDimensions.Y, BlockDimensions.Z, DynamicSharedMemory, Stream.Handle, pointers, null),
                "cuLaunchKernel", Name);
    }

    private int Attribute(int attribute, string name)
    {
        int value = 0;
        _context.MakeCurrent();
        CudaCheck.Driver(_api.cuFuncGetAttribute(&value, attribute, _function), $"cuFuncGetAttribute({name})", Name);
        return value;
    }
}
