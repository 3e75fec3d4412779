using System.Text;
using System.Text.RegularExpressions;

namespace Rollouts.Analysis.Queries;

/// <summary>
/// Templates of custom queries. Variables are <c>{{namespace}}</c>, <c>{{name}}</c>, <c>{{model}}</c>,
/// <c>{{version}}</c>, <c>{{stableVersion}}</c>, <c>{{revision}}</c>, <c>{{stableRevision}}</c> and <c>{{window}}</c> (spaces inside the braces allowed). Each must sit
/// inside a double-quoted string and is replaced by its escaped value, so no value can leave the string;
/// <c>{{window}}</c> may also stand bare (in a range selector <c>[{{window}}]</c>): its value is a validated duration.
/// Any other <c>{{…}}</c>, or a variable outside double quotes, is an error.
/// </summary>
public static partial class QueryTemplate
{
    /// <summary>The variable names, as written between the braces.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["namespace", "name", "model", "version", "stableVersion", "revision", "stableRevision", "window"];

    [GeneratedRegex(@"\{\{(.*?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Errors in <paramref name="template"/> (empty when it can be rendered safely); each names the placeholder.</summary>
    public static IReadOnlyList<string> Validate(string template)
    {
        var errors = new List<string>();
        var contexts = QuoteContexts(template);
        foreach (Match m in Placeholder().Matches(template))
        {
            var name = m.Groups[1].Value.Trim();
            if (!Variables.Contains(name, StringComparer.Ordinal))
            {
                errors.Add($"unknown template variable {Shorten(m.Value)} (allowed: {string.Join(", ", Variables.Select(v => "{{" + v + "}}"))})");
                continue;
            }

            var context = contexts[m.Index];
            if (context != '"' && !(name == "window" && context == ' '))
            {
                errors.Add($"template variable {m.Value} must sit inside a double-quoted string (e.g. model_version=\"{m.Value}\")");
            }
        }

        return errors;
    }

    /// <summary>
    /// Renders <paramref name="template"/>, replacing every known variable by its escaped value in one pass (values
    /// are never re-expanded). Call <see cref="Validate"/> first; unknown placeholders are left as they are.
    /// </summary>
    public static string Render(string template, TemplateValues values) =>
        Placeholder().Replace(template, m => m.Groups[1].Value.Trim() switch
        {
            "namespace" => PromQl.EscapeString(values.Namespace),
            "name" => PromQl.EscapeString(values.Name),
            "model" => PromQl.EscapeString(values.Model),
            "version" => PromQl.EscapeString(values.Version),
            "stableVersion" => PromQl.EscapeString(values.StableVersion),
            "revision" => PromQl.EscapeString(values.Revision),
            "stableRevision" => PromQl.EscapeString(values.StableRevision),
            "window" => PromQl.EscapeString(values.Window),
            _ => m.Value,
        });

    /// <summary>
    /// For each character position, the lexical context it is in: <c>'"'</c> inside a double-quoted string,
    /// <c>'\''</c> single-quoted, <c>'`'</c> raw string, <c>'#'</c> comment, <c>' '</c> plain PromQL.
    /// </summary>
    private static char[] QuoteContexts(string text)
    {
        var result = new char[text.Length + 1];
        var state = ' ';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            result[i] = state;
            switch (state)
            {
                case ' ':
                    state = c switch { '"' or '\'' or '`' or '#' => c, _ => ' ' };
                    break;
                case '"' or '\'':
                    if (c == '\\' && i + 1 < text.Length)
                    {
                        result[++i] = state;
                    }
                    else if (c == state)
                    {
                        state = ' ';
                    }

                    break;
                case '`':
                    if (c == '`')
                    {
                        state = ' ';
                    }

                    break;
                case '#':
                    if (c == '\n')
                    {
                        state = ' ';
                    }

                    break;
            }
        }

        result[text.Length] = state;
        return result;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : new StringBuilder(s, 0, 37, 40).Append("...").ToString();
}
