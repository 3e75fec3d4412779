using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Rollouts.Shipping.Tests.ArgoCd;

/// <summary>
/// Writes a JSON value as a Lua 5.1 table constructor, the shape Argo CD gives a script as <c>obj</c>
/// (objects → keyed tables, arrays → 1-based sequences, null → nil, numbers → Lua numbers).
/// </summary>
public static class LuaLiteral
{
    /// <summary>The Lua expression for <paramref name="node"/>.</summary>
    public static string From(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("nil");
                break;
            case JsonObject o:
                sb.Append('{');
                foreach (var (key, value) in o)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    sb.Append('[').Append(Quote(key)).Append("]=");
                    Write(value, sb);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('{');
                foreach (var item in a)
                {
                    Write(item, sb);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonValue v when v.TryGetValue<bool>(out var b):
                sb.Append(b ? "true" : "false");
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                sb.Append(Quote(s));
                break;
            case JsonValue v:
                sb.Append(v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in Encoding.UTF8.GetBytes(s))
        {
            switch (c)
            {
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case < 32 or >= 127: sb.Append('\\').Append(c.ToString("D3", CultureInfo.InvariantCulture)); break;
                default: sb.Append((char)c); break;
            }
        }

        return sb.Append('"').ToString();
    }
}
