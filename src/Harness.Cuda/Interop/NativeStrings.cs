using System.Runtime.InteropServices;
using System.Text;

namespace Harness.Cuda.Interop;

/// <summary>NUL-terminated UTF-8 copies of managed strings for native calls, all freed together on dispose.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = [];

    /// <summary>A native copy of <paramref name="s"/>, valid until dispose.</summary>
    public byte* Add(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length + 1);
        bytes.CopyTo(new Span<byte>(p, bytes.Length));
        p[bytes.Length] = 0;
        _blocks.Add((nint)p);
        return p;
    }

    /// <summary>Frees every copy.</summary>
    public void Dispose()
    {
        foreach (var p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
    }
}
