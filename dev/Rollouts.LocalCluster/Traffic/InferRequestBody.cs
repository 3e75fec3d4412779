using System.Globalization;
using System.Text;

namespace Rollouts.LocalCluster.Traffic;

/// <summary>Open Inference Protocol (V2) request bodies for the Iris models.</summary>
public static class InferRequestBody
{
    /// <summary>
    /// <c>{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[...]}]}</c> for one row of four features.
    /// </summary>
    public static string ForRow(IReadOnlyList<float> row)
    {
        var sb = new StringBuilder("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,");
        sb.Append(row.Count.ToString(CultureInfo.InvariantCulture)).Append("],\"data\":[");
        for (var i = 0; i < row.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(row[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return sb.Append("]}]}").ToString();
    }

    /// <summary>The infer path of a model: <c>/v2/models/{name}/infer</c>.</summary>
    public static string Path(string modelName) => $"/v2/models/{Uri.EscapeDataString(modelName)}/infer";
}
