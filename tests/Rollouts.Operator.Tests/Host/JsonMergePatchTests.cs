using System.Text.Json.Nodes;
using Rollouts.Operator.Rollouts;

namespace Rollouts.Operator.Tests.Host;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Removed_members_become_null_recursively_and_arrays_are_replaced()
    {
        var old = JsonNode.Parse("""{"a":1,"gone":2,"o":{"x":1,"y":2},"l":[1,2]}""")!.AsObject();
        var updated = JsonNode.Parse("""{"a":3,"o":{"x":1},"l":[3],"new":true}""")!.AsObject();
        var patch = JsonMergePatch.Create(old, updated);
        JsonNode.DeepEquals(patch, JsonNode.Parse("""{"a":3,"o":{"x":1,"y":null},"l":[3],"new":true,"gone":null}""")).ShouldBeTrue(patch.ToJsonString());
    }
}
