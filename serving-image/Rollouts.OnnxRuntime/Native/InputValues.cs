using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Rollouts.OnnxRuntime.Native;

/// <summary>
/// Creates input <c>OrtValue</c>s for <c>Run</c>. Numeric and bool tensors wrap the caller's managed array in place
/// (<c>CreateTensorWithDataAsOrtValue</c> over a pinned GCHandle, no copy); string tensors are allocated by ONNX Runtime
/// (<c>CreateTensorAsOrtValue</c>) and filled from null-terminated UTF-8 (<c>FillStringTensor</c>, which copies).
/// </summary>
internal static unsafe class InputValues
{
    private const int StringTensorType = (int)TensorElementType.String;
    private const int StackBytes = 1024;
    private const int StackPointers = 64;

    /// <summary>
    /// Returns an owned <c>OrtValue*</c> for <paramref name="tensor"/>. <paramref name="pin"/> receives the
    /// <see cref="GCHandle"/> (as <see cref="GCHandle.ToIntPtr"/>) keeping the data pinned, or 0; it is set before any
    /// failure can occur, and the caller frees it after the run (and after releasing the value).
    /// </summary>
    public static nint Create(OrtApi api, nint cpuMemory, nint allocator, Tensor tensor, out nint pin)
    {
        pin = 0;
        var rank = tensor.Shape.Length;
        long scalar = 0;
        nint value;
        fixed (long* shape = tensor.Shape)
        {
            var dims = rank == 0 ? &scalar : shape;
            if (tensor.ElementType == TensorElementType.String)
            {
                api.Check(api.CreateTensorAsOrtValue(allocator, dims, (nuint)rank, StringTensorType, &value));
                try
                {
                    Fill(api, value, (string[])tensor.Data);
                }
                catch
                {
                    api.ReleaseValue(value);
                    throw;
                }

                return value;
            }

            var handle = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
            pin = GCHandle.ToIntPtr(handle);
            api.Check(api.CreateTensorWithDataAsOrtValue(
                cpuMemory, (void*)handle.AddrOfPinnedObject(), (nuint)Buffer.ByteLength(tensor.Data), dims, (nuint)rank,
                (int)tensor.ElementType, &value));
            return value;
        }
    }

    private static void Fill(OrtApi api, nint value, string[] strings)
    {
        var count = strings.Length;
        if (count == 0)
        {
            return;
        }

        var total = 0;
        foreach (var s in strings)
        {
            total = checked(total + Encoding.UTF8.GetByteCount(s) + 1);
        }

        byte[]? rentedBytes = null;
        nint[]? rentedPointers = null;
        var bytes = total <= StackBytes ? stackalloc byte[StackBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(total));
        var pointers = count <= StackPointers ? stackalloc nint[StackPointers] : (rentedPointers = ArrayPool<nint>.Shared.Rent(count));
        try
        {
            fixed (byte* b = bytes)
            fixed (nint* p = pointers)
            {
                var offset = 0;
                for (var i = 0; i < count; i++)
                {
                    p[i] = (nint)(b + offset);
                    offset += Encoding.UTF8.GetBytes(strings[i], bytes[offset..]);
                    bytes[offset++] = 0;
                }

                api.Check(api.FillStringTensor(value, (byte**)p, (nuint)count));
            }
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedPointers is not null)
            {
                ArrayPool<nint>.Shared.Return(rentedPointers);
            }
        }
    }
}
