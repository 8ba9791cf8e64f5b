using System.Runtime.InteropServices;

namespace Harness.Cuda;

/// <summary>
/// A kernel's arguments laid out as cuLaunchKernel's kernelParams: each value in native memory, an array of pointers
/// to them. Ints, uints and floats take 4 bytes; longs, ulongs, doubles and device pointers 8.
/// </summary>
internal static unsafe class KernelArguments
{
    /// <summary>Receives the kernelParams array, valid during the call.</summary>
    public delegate void Use(void** parameters);

    /// <summary>Lays out <paramref name="args"/> for kernel <paramref name="kernel"/> (named in errors) and hands them to <paramref name="use"/>.</summary>
    public static void With(string kernel, object[] args, Use use)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(use);
        var sizes = args.Select(a => Size(kernel, a)).ToArray();
        var storage = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, sizes.Sum()));
        var pointers = (void**)NativeMemory.Alloc((nuint)(Math.Max(1, args.Length) * sizeof(void*)));
        try
        {
            var at = storage;
            for (var i = 0; i < args.Length; i++)
            {
                Write(args[i], at);
                pointers[i] = at;
                at += sizes[i];
            }
            use(pointers);
        }
        finally
        {
            NativeMemory.Free(pointers);
            NativeMemory.Free(storage);
        }
    }

    private static int Size(string kernel, object arg) => arg switch
    {
        int or uint or float => 4,
        long or ulong or double or IDevicePointer => 8,
        _ => throw new ArgumentException($"kernel '{kernel}': an argument of type {arg?.GetType().Name ?? "null"} cannot be passed"),
    };

    private static void Write(object arg, byte* at)
    {
        switch (arg)
        {
            case int v: *(int*)at = v; break;
            case uint v: *(uint*)at = v; break;
            case float v: *(float*)at = v; break;
            case long v: *(long*)at = v; break;
            case ulong v: *(ulong*)at = v; break;
            case double v: *(double*)at = v; break;
            case IDevicePointer v: *(ulong*)at = v.DevicePointer; break;
        }
    }
}
