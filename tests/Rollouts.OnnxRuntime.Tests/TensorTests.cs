namespace Rollouts.OnnxRuntime.Tests;

public sealed class TensorTests
{
    [Fact]
    public void Create_infers_the_element_type_from_the_clr_type()
    {
        Tensor.Create("x", [1], new[] { 1f }).ElementType.ShouldBe(TensorElementType.Float);
        Tensor.Create("x", [1], new[] { 1d }).ElementType.ShouldBe(TensorElementType.Double);
        Tensor.Create("x", [1], new sbyte[] { 1 }).ElementType.ShouldBe(TensorElementType.Int8);
        Tensor.Create("x", [1], new byte[] { 1 }).ElementType.ShouldBe(TensorElementType.UInt8);
        Tensor.Create("x", [1], new short[] { 1 }).ElementType.ShouldBe(TensorElementType.Int16);
        Tensor.Create("x", [1], new ushort[] { 1 }).ElementType.ShouldBe(TensorElementType.UInt16);
        Tensor.Create("x", [1], new[] { 1 }).ElementType.ShouldBe(TensorElementType.Int32);
        Tensor.Create("x", [1], new[] { 1u }).ElementType.ShouldBe(TensorElementType.UInt32);
        Tensor.Create("x", [1], new[] { 1L }).ElementType.ShouldBe(TensorElementType.Int64);
        Tensor.Create("x", [1], new[] { 1UL }).ElementType.ShouldBe(TensorElementType.UInt64);
        Tensor.Create("x", [1], new[] { true }).ElementType.ShouldBe(TensorElementType.Bool);
        Tensor.Create("x", [1], new[] { "s" }).ElementType.ShouldBe(TensorElementType.String);
        Tensor.FromFloat16Bits("x", [1], [0x3C00]).ElementType.ShouldBe(TensorElementType.Float16);
    }

    [Fact]
    public void Shape_must_match_the_data_length()
    {
        Should.Throw<ArgumentException>(() => Tensor.Create("x", [2, 3], new float[5])).Message.ShouldContain("[2,3]");
        Should.Throw<ArgumentException>(() => Tensor.Create("x", [], new float[2]));
        Should.Throw<ArgumentException>(() => Tensor.Create("x", [-1, 4], new float[4])).Message.ShouldContain("negative");
        Should.Throw<ArgumentException>(() => Tensor.FromStrings("x", [2], ["a"]));
        Tensor.Create("x", [], new float[1]).Length.ShouldBe(1);
        Tensor.Create("x", [0, 4], Array.Empty<float>()).Length.ShouldBe(0);
        Tensor.Create("x", [3, 0, 1_000_000_000_000], Array.Empty<float>()).Length.ShouldBe(0);
    }

    [Fact]
    public void Unsupported_types_null_strings_and_empty_names_are_refused()
    {
        Should.Throw<ArgumentException>(() => Tensor.Create("x", [1], new[] { 'c' }));
        Should.Throw<ArgumentException>(() => Tensor.Create("x", [1], new[] { 1m }));
        Should.Throw<ArgumentException>(() => Tensor.FromStrings("x", [2], ["a", null!])).Message.ShouldContain("index 1");
        Should.Throw<ArgumentException>(() => Tensor.Create("", [1], new[] { 1f }));
    }

    [Fact]
    public void Create_by_runtime_type_checks_the_array_type()
    {
        Tensor.Create("x", TensorElementType.Float16, [2], new ushort[] { 1, 2 }).ElementType.ShouldBe(TensorElementType.Float16);
        Tensor.Create("x", TensorElementType.String, [1], new[] { "a" }).ElementType.ShouldBe(TensorElementType.String);
        Should.Throw<ArgumentException>(() => Tensor.Create("x", TensorElementType.Float, [2], new double[2])).Message.ShouldContain("Single[]");
        Should.Throw<ArgumentException>(() => Tensor.Create("x", TensorElementType.Complex64, [1], new float[2]));
    }
}
