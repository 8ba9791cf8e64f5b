using System.Reflection;
using System.Text.RegularExpressions;
using Harness.Cuda.Interop;
using Harness.Cuda.Tests.Support;

namespace Harness.Cuda.Tests.Interop;

/// <summary>
/// The hand-written bindings against CUDA's own headers: every function pointer's parameters and result (size, and
/// integer or floating point: what decides how a value is passed), every constant this project sends or reads, and
/// the codes the driver emulator answers with. The emulator runs the host code unchanged, but it was written from the
/// same reading of the documentation as the bindings; these checks are what ties both to the real declarations.
/// </summary>
public sealed partial class HeaderBindingTests
{
    private static readonly Type[] Apis = [typeof(DriverApi), typeof(BlasApi), typeof(NvrtcApi)];

    [Fact]
    public void Every_binding_has_its_headers_parameters_and_result()
    {
        var bindings = Apis.SelectMany(a => a.GetFields(BindingFlags.Public | BindingFlags.Instance))
            .Where(f => f.FieldType.IsFunctionPointer).ToDictionary(f => f.Name, Codes);
        Assert.True(bindings.Count >= 60, $"found only {bindings.Count} bindings by reflection");
        var header = CudaHeaders.Probe(CudaHeaders.Folder(), bindings.Keys, []);
        var wrong = bindings.Where(b => !b.Value.SequenceEqual(header[b.Key]))
            .Select(b => $"{b.Key}: bound as ({string.Join(' ', b.Value)}), declared as ({string.Join(' ', header[b.Key])})").ToArray();
        Assert.True(wrong.Length == 0, "codes are result then parameters, sizeof x 10 (+1 floating point):\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void Every_constant_has_its_headers_value()
    {
        (string Name, long Value)[] ours = [.. typeof(CudaConstants).GetNestedTypes().SelectMany(t =>
        {
            var prefix = (string)t.GetField("Prefix")!.GetRawConstantValue()!;
            return t.GetFields().Where(f => f.FieldType == typeof(int))
                .Select(f => (Name: prefix + Snake(f.Name), Value: (long)(int)f.GetRawConstantValue()!));
        }).Concat(
        [
            ("CUBLAS_DEFAULT_MATH", (long)BlasMathMode.Default), ("CUBLAS_TF32_TENSOR_OP_MATH", (long)BlasMathMode.Tf32),
            ("CUBLAS_OP_N", (long)BlasOperation.NonTranspose), ("CUBLAS_OP_T", (long)BlasOperation.Transpose),
        ])];
        Assert.Contains(ours, c => c.Name == "CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT");
        AssertValues(ours);
    }

    [Fact]
    public void The_sticky_errors_are_the_headers_and_the_others_are_not()
    {
        var header = CudaHeaders.Probe(CudaHeaders.Folder(), [], ["CUDA_ERROR_ILLEGAL_ADDRESS", "CUDA_ERROR_OUT_OF_MEMORY",
            "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE", "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"]);
        Assert.True(CudaException.IsContextLost((int)header["CUDA_ERROR_ILLEGAL_ADDRESS"][0]));
        Assert.False(CudaException.IsContextLost((int)header["CUDA_ERROR_OUT_OF_MEMORY"][0]));
        Assert.False(CudaException.IsContextLost((int)header["CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE"][0]));
        Assert.False(CudaException.IsContextLost((int)header["CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"][0]));
    }

    [Fact]
    public void Every_cuBLAS_status_in_the_header_has_its_name()
    {
        var folder = CudaHeaders.Folder();
        var names = BlasStatus().Matches(File.ReadAllText(Path.Combine(folder, "cublas_api.h")))
            .Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.Contains("CUBLAS_STATUS_EXECUTION_FAILED", names);
        var header = CudaHeaders.Probe(folder, [], names);
        var wrong = names.Where(n => CudaCheck.BlasStatusName((int)header[n][0]) != n)
            .Select(n => $"{n} = {header[n][0]} is named {CudaCheck.BlasStatusName((int)header[n][0])}").ToArray();
        Assert.True(wrong.Length == 0, string.Join('\n', wrong));
    }

    [Fact]
    public void The_driver_emulator_answers_with_CUDAs_codes_and_names()
    {
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Emulation", "driver_emulator.cpp"));
        var codes = EmulatorCode().Matches(source).Select(m => (Name: Header(m.Groups[1].Value), Value: long.Parse(m.Groups[2].Value)))
            .ToArray();
        var names = EmulatorName().Matches(source).Select(m => (Name: m.Groups[2].Value, Value: long.Parse(m.Groups[1].Value))).ToArray();
        Assert.Contains(codes, c => c.Name == "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE");
        Assert.Contains(codes, c => c.Name == "CUBLAS_STATUS_EXECUTION_FAILED");
        Assert.Contains(names, c => c.Name == "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD");
        AssertValues([.. codes, .. names]);
    }

    private static void AssertValues(IReadOnlyList<(string Name, long Value)> ours)
    {
        var header = CudaHeaders.Probe(CudaHeaders.Folder(), [], ours.Select(c => c.Name).Distinct());
        var wrong = ours.Where(c => header[c.Name][0] != c.Value).Select(c => $"{c.Name}: ours {c.Value}, the header's {header[c.Name][0]}")
            .ToArray();
        Assert.True(wrong.Length == 0, string.Join('\n', wrong));
    }

    /// <summary>The emulator's kName constant as the header spells it: kBlasX is CUBLAS_STATUS_X, kX is CUDA_ERROR_X.</summary>
    private static string Header(string constant) => constant switch
    {
        "Success" => "CUDA_SUCCESS",
        _ when constant.StartsWith("Blas", StringComparison.Ordinal) => "CUBLAS_STATUS_" + Snake(constant[4..]),
        _ => "CUDA_ERROR_" + Snake(constant),
    };

    private static long[] Codes(FieldInfo binding)
    {
        var type = binding.FieldType;
        return [Code(type.GetFunctionPointerReturnType()), .. type.GetFunctionPointerParameterTypes().Select(Code)];
    }

    private static long Code(Type t) => t == typeof(void) ? 0
        : t.IsPointer || t.IsFunctionPointer || t == typeof(nint) || t == typeof(nuint) || t == typeof(long) || t == typeof(ulong) ? 80
        : t == typeof(int) || t == typeof(uint) ? 40
        : t == typeof(short) || t == typeof(ushort) ? 20
        : t == typeof(byte) || t == typeof(sbyte) ? 10
        : t == typeof(float) ? 41
        : t == typeof(double) ? 81
        : throw new InvalidOperationException($"no code for {t}");

    private static string Snake(string pascal) => PascalWord().Replace(pascal, "_$1").ToUpperInvariant();

    [GeneratedRegex(@"(?<=[a-z0-9])([A-Z])")]
    private static partial Regex PascalWord();

    [GeneratedRegex(@"\b(CUBLAS_STATUS_[A-Z_]+)\s*=\s*\d+")]
    private static partial Regex BlasStatus();

    [GeneratedRegex(@"\bk((?:Success|Invalid|OutOf|Not|Illegal|Cooperative|Stream|Blas)\w*) = (\d+)")]
    private static partial Regex EmulatorCode();

    [GeneratedRegex(@"\{(\d+), ""(CUDA_[A-Z_]+)""\}")]
    private static partial Regex EmulatorName();
}
