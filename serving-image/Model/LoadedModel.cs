using Rollouts.Serving.Batching;
using Rollouts.Serving.Onnx;

namespace Rollouts.Serving.Model;

/// <summary>The model once loaded and warmed up: session, signature, runner, and its metadata response pre-rendered.</summary>
/// <param name="Session">The ONNX Runtime session.</param>
/// <param name="Signature">Inputs and outputs as served.</param>
/// <param name="Runner">Runs requests (batched or not).</param>
/// <param name="MetadataJson">The body of GET /v2/models/{name}, UTF-8.</param>
public sealed record LoadedModel(OnnxSession Session, ModelSignature Signature, InferenceRunner Runner, byte[] MetadataJson);
