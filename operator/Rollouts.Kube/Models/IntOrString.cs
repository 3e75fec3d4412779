using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>The Kubernetes int-or-string type (e.g. a port number or name, <c>maxSurge: 25%</c>).</summary>
[JsonConverter(typeof(IntOrStringConverter))]
public readonly record struct IntOrString
{
    /// <summary>The integer value, when this holds an integer.</summary>
    public int? IntValue { get; }

    /// <summary>The string value, when this holds a string.</summary>
    public string? StringValue { get; }

    /// <summary>Holds an integer.</summary>
    public IntOrString(int value) => IntValue = value;

    /// <summary>Holds a string.</summary>
    public IntOrString(string value) => StringValue = value;

    /// <summary>Implicit conversion from an integer.</summary>
    public static implicit operator IntOrString(int value) => new(value);

    /// <summary>Implicit conversion from a string.</summary>
    public static implicit operator IntOrString(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => IntValue?.ToString(CultureInfo.InvariantCulture) ?? StringValue ?? "";
}
