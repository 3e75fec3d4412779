using System.Text;
using Rollouts.Serving.Inference;
using Rollouts.Serving.Model;
using Rollouts.Serving.Onnx;
using Rollouts.Serving.Tensors;

namespace Rollouts.Serving.Tests;

/// <summary>The Utf8JsonReader request parser on its own: property order, nesting, escapes, skipped extras.</summary>
public sealed class InferRequestParserTests
{
    private static readonly ModelSignature Signature = ModelSignature.TryCreate(
        [new NodeInfo("input", true, TensorElementType.Float, [-1, 4], "tensor(float)")],
        [new NodeInfo("label", true, TensorElementType.Int64, [-1], "tensor(int64)")],
        out _)!;

    [Fact]
    public void Data_before_datatype_and_shape_is_read_once_the_datatype_is_known()
    {
        var request = Parse("""{"extra":{"a":[1,{"b":2}]},"inputs":[{"data":[[1,2,3,4],[5,6,7,8.5]],"parameters":{"p":[1]},"shape":[2,4],"datatype":"FP32","name":"input"}],"id":"é-1"}""");
        request.Id.ShouldBe("é-1");
        var input = request.Inputs.Single();
        input.ElementType.ShouldBe(TensorElementType.Float);
        input.Shape.ShouldBe([2L, 4L]);
        ((float[])input.Data).ShouldBe([1f, 2, 3, 4, 5, 6, 7, 8.5f]);
        request.OutputNames.ShouldBeNull();
    }

    [Fact]
    public void Escaped_names_match_the_models_names()
    {
        var request = Parse("""{"inputs":[{"name":"\u0069nput","shape":[1,4],"datatype":"FP\u00332","data":[1,2,3,4]}],"outputs":[{"name":"l\u0061bel"}]}""");
        request.Inputs[0].Name.ShouldBeSameAs(Signature.Inputs[0].Name);
        request.OutputNames.ShouldBe(["label"]);
    }

    [Fact]
    public void Empty_tensors_parse()
    {
        var request = Parse("""{"inputs":[{"name":"input","shape":[0,4],"datatype":"FP32","data":[]}]}""");
        request.Inputs[0].Data.Length.ShouldBe(0);
        InferRequestValidator.Validate(request, Signature, 8, out var error).ShouldNotBeNull(error);
    }

    private static InferRequest Parse(string json)
    {
        var request = InferRequestParser.TryParse(Encoding.UTF8.GetBytes(json), Signature, out var error);
        error.ShouldBeNull();
        return request!;
    }
}
