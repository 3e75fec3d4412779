using System.Globalization;
using System.Text;

namespace Rollouts.Analysis.Queries;

/// <summary>PromQL lexical helpers.</summary>
public static class PromQl
{
    /// <summary>
    /// Escapes <paramref name="value"/> as the contents of a double-quoted PromQL string (PromQL follows Go's escape
    /// rules): <c>\</c> → <c>\\</c>, <c>"</c> → <c>\"</c>, newline → <c>\n</c>, carriage return → <c>\r</c>,
    /// tab → <c>\t</c>, other control characters → <c>\xNN</c>. Whatever the value, the string cannot be closed early.
    /// </summary>
    public static string EscapeString(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case < ' ' or '\u007f':
                    sb.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A double-quoted PromQL string literal holding <paramref name="value"/>.</summary>
    public static string Quote(string value) => "\"" + EscapeString(value) + "\"";
}
