using System.Text.Json.Serialization;

namespace Rollouts.Kube;

/// <summary>meta/v1 ListMeta.</summary>
public sealed class ListMeta
{
    /// <summary>The collection's resourceVersion at the time of the list.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Token to pass as <see cref="ListOptions.Continue"/> for the next page; null or empty on the last page.</summary>
    [JsonPropertyName("continue")]
    public string? Continue { get; set; }

    /// <summary>Approximate number of items left after this page, when the server knows.</summary>
    public long? RemainingItemCount { get; set; }
}
