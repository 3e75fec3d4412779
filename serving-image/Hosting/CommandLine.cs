namespace Rollouts.Serving.Hosting;

/// <summary>
/// Checks the command line before it is bound: every <c>--flag</c> must be a key of one of the option readers (or one
/// of ASP.NET's host keys, <see cref="HostKeys"/>); <c>--flag value</c> and <c>--flag=value</c> are accepted (keys
/// compare case-insensitively, as configuration does); a flag given twice must have one value. Anything else (an
/// unknown flag, a short <c>-x</c>, a stray argument, a flag without its value) is an error naming it; the host then
/// prints <see cref="Usage"/> and exits with 2. Adding a reader is one line in <see cref="Readers"/>.
/// </summary>
public static class CommandLine
{
    /// <summary>The host's own switches the server accepts: <c>--urls</c> (listen addresses) and <c>--environment</c>.</summary>
    public static IReadOnlyList<string> HostKeys { get; } = ["urls", "environment"];

    /// <summary>Every reader's keys, one line per reader.</summary>
    private static readonly IReadOnlyList<IReadOnlyList<string>> Readers =
    [
        ServingOptionsReader.Keys,
        FetchOptionsReader.Keys,
        GrpcOptions.Keys,
        LimitsOptionsReader.Keys,
        SecurityOptionsReader.Keys,
        CacheOptions.Keys,
        SeriesIdentity.Keys,
        DrainOptions.Keys,
        ShadowOptions.Keys,
        HostKeys,
    ];

    /// <summary>Every accepted switch without <c>--</c>, in the readers' order.</summary>
    public static IReadOnlyList<string> KnownKeys { get; } = Readers.SelectMany(keys => keys).ToList();

    private static readonly HashSet<string> Known = new(KnownKeys, StringComparer.OrdinalIgnoreCase);

    /// <summary>One message per problem with <paramref name="args"/>, empty when the command line is well-formed.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> args)
    {
        var problems = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!arg.StartsWith('-'))
                {
                    problems.Add($"unexpected argument '{arg}': every value follows its flag (--flag value or --flag=value)");
                    continue;
                }

                problems.Add($"unknown flag '{arg}': flags are long, e.g. --model-uri");
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                {
                    i++; // its value
                }

                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? arg[2..] : arg[2..equals];
            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                problems.Add(Known.Contains(key) ? $"--{key} needs a value" : $"unknown flag '--{key}'");
                continue;
            }

            if (!Known.Contains(key))
            {
                problems.Add($"unknown flag '--{key}'");
            }
            else if (seen.TryGetValue(key, out var earlier) && earlier != value)
            {
                problems.Add($"--{key} is given twice with different values ('{earlier}' and '{value}')");
            }
            else
            {
                seen[key] = value;
            }
        }

        return problems;
    }

    /// <summary>The usage text: how to call the server and every accepted flag with its environment variable.</summary>
    public static string Usage()
    {
        var lines = new List<string>
        {
            "usage: Rollouts.Serving --model-name NAME --model-uri URI [--flag value | --flag=value]...",
            "flags (each also read from its environment variable; a flag wins):",
        };
        lines.AddRange(KnownKeys.Select(key => HostKeys.Contains(key)
            ? $"  --{key}"
            : $"  --{key,-28} {ServingOptionsReader.EnvironmentVariableFor(key)}"));
        lines.Add("see serving-image/README.md for what each flag means");
        return string.Join(Environment.NewLine, lines);
    }
}
