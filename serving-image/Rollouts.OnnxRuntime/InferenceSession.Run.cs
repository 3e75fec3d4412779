using System.Runtime.InteropServices;
using Rollouts.OnnxRuntime.Native;

namespace Rollouts.OnnxRuntime;

/// <summary>The serving hot path: <see cref="Run"/>.</summary>
public sealed unsafe partial class InferenceSession
{
    private const int StackSlots = 64;

    /// <summary>
    /// Runs the model once. Numeric inputs are passed to ONNX Runtime in place (pinned, not copied); outputs are copied
    /// into new managed arrays. Names are matched against UTF-8 copies cached at load, so the per-call allocations are
    /// the results themselves (plus a GCHandle per numeric input).
    /// </summary>
    /// <param name="inputs">One tensor per model input to feed, in any order. Names, element types and ranks are checked
    /// by ONNX Runtime, not here.</param>
    /// <param name="outputNames">Outputs to compute, in the order wanted; null means every tensor output in graph order
    /// (non-tensor outputs such as a ZipMap are skipped).</param>
    /// <returns>The requested outputs, in the requested order.</returns>
    /// <exception cref="OrtException">ONNX Runtime rejected the call or a kernel failed. Rejected before execution
    /// (<see cref="OrtException.FailedNode"/> null): <see cref="OrtErrorCode.InvalidArgument"/> for an unknown input or
    /// output name, a wrong element type or rank. For a failure inside a kernel (<see cref="OrtException.FailedNode"/> set) the
    /// kernel picks the code, e.g. <see cref="OrtErrorCode.InvalidArgument"/> for a Gather index out of range,
    /// <see cref="OrtErrorCode.RuntimeException"/> for a missing input.</exception>
    /// <exception cref="NotSupportedException">A requested output is not a tensor, or its element type cannot cross the binding.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var inputCount = inputs.Count;
        var outputCount = outputNames?.Count ?? _tensorOutputs.Length;

        // Layout: input names | input values | pins | owned names (inputs then outputs) | output names | output values.
        var slots = (4 * inputCount) + (3 * outputCount);
        var scratch = slots <= StackSlots ? stackalloc nint[StackSlots] : new nint[slots];
        scratch[..slots].Clear();

        var added = false;
        _session.DangerousAddRef(ref added);
        try
        {
            fixed (nint* s = scratch)
            {
                var inputNamePointers = s;
                var inputValues = s + inputCount;
                var pins = s + (2 * inputCount);
                var ownedNames = s + (3 * inputCount);
                var outputNamePointers = ownedNames + inputCount + outputCount;
                var outputValues = outputNamePointers + outputCount;
                try
                {
                    for (var i = 0; i < inputCount; i++)
                    {
                        var tensor = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"input {i} is null");
                        inputNamePointers[i] = _inputIndex.TryGetValue(tensor.Name, out var index)
                            ? _inputNamePointers[index]
                            : ownedNames[i] = Marshal.StringToCoTaskMemUTF8(tensor.Name);
                        inputValues[i] = InputValues.Create(_api, _cpuMemory, _allocator, tensor, out pins[i]);
                    }

                    for (var j = 0; j < outputCount; j++)
                    {
                        outputNamePointers[j] = ResolveOutput(outputNames, j, ownedNames + inputCount);
                    }

                    _api.Check(_api.Run(
                        _session.DangerousGetHandle(), 0, inputNamePointers, inputValues, (nuint)inputCount,
                        outputNamePointers, (nuint)outputCount, outputValues));

                    var results = new Tensor[outputCount];
                    for (var j = 0; j < outputCount; j++)
                    {
                        var name = outputNames is null ? Outputs[_tensorOutputs[j]].Name : outputNames[j];
                        results[j] = OutputValues.Read(_api, name, outputValues[j]);
                    }

                    return results;
                }
                finally
                {
                    Release(inputValues, inputCount);
                    Release(outputValues, outputCount);
                    for (var i = 0; i < inputCount; i++)
                    {
                        if (pins[i] != 0)
                        {
                            GCHandle.FromIntPtr(pins[i]).Free();
                        }
                    }

                    for (var k = 0; k < inputCount + outputCount; k++)
                    {
                        if (ownedNames[k] != 0)
                        {
                            Marshal.FreeCoTaskMem(ownedNames[k]);
                        }
                    }
                }
            }
        }
        finally
        {
            _session.DangerousRelease();
        }
    }

    private nint ResolveOutput(IReadOnlyList<string>? outputNames, int position, nint* ownedNames)
    {
        if (outputNames is null)
        {
            return _outputNamePointers[_tensorOutputs[position]];
        }

        var name = outputNames[position] ?? throw new ArgumentNullException(nameof(outputNames), $"output name {position} is null");
        if (!_outputIndex.TryGetValue(name, out var index))
        {
            // Unknown to the model: let ONNX Runtime reject it with its own code and message.
            return ownedNames[position] = Marshal.StringToCoTaskMemUTF8(name);
        }

        if (!Outputs[index].IsTensor)
        {
            throw new NotSupportedException(
                $"output '{name}' is {Outputs[index].TypeDescription}, not a tensor; only tensor outputs can be returned");
        }

        return _outputNamePointers[index];
    }

    private void Release(nint* values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (values[i] != 0)
            {
                _api.ReleaseValue(values[i]);
            }
        }
    }
}
