using System.Text.RegularExpressions;

namespace Rollouts.Shipping.Tests.Images;

/// <summary>One instruction of a Dockerfile: keyword (upper case), argument text (continuations joined), stage index.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Stage);

/// <summary>A parsed Dockerfile: its instructions and stage names (enough to check COPY sources, ENV, USER, LABEL, ENTRYPOINT).</summary>
public sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<(string Image, string? Name)> stages)
    {
        Instructions = instructions;
        Stages = stages;
    }

    /// <summary>Instructions in order; those before the first FROM have stage -1.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Each stage's base image and name.</summary>
    public IReadOnlyList<(string Image, string? Name)> Stages { get; }

    /// <summary>The instructions of the last (runtime) stage.</summary>
    public IEnumerable<DockerInstruction> Final => Instructions.Where(i => i.Stage == Stages.Count - 1);

    /// <summary>Parses Dockerfile text.</summary>
    public static Dockerfile Parse(string text)
    {
        var logical = new List<string>();
        var current = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.TrimStart().StartsWith('#'))
            {
                continue; // comment inside a continued instruction
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            logical.Add(current + line);
            current = "";
        }

        var instructions = new List<DockerInstruction>();
        var stages = new List<(string, string?)>();
        foreach (var l in logical)
        {
            var m = InstructionLine().Match(l);
            var keyword = m.Groups[1].Value.ToUpperInvariant();
            var args = m.Groups[2].Value.Trim();
            if (keyword == "FROM")
            {
                var parts = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add((parts[0], parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null));
            }

            instructions.Add(new DockerInstruction(keyword, args, stages.Count - 1));
        }

        return new Dockerfile(instructions, stages);
    }

    /// <summary>Every COPY: its --from stage (null = build context), sources and destination.</summary>
    public IEnumerable<(int Stage, string? From, string[] Sources, string Destination)> Copies() =>
        Instructions.Where(i => i.Keyword == "COPY").Select(i =>
        {
            var parts = i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            var from = parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
            var plain = parts.Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            return (i.Stage, from, plain[..^1], plain[^1]);
        });

    /// <summary>ENV assignments of the final stage (KEY=VALUE form).</summary>
    public IReadOnlyDictionary<string, string> FinalEnvironment =>
        Final.Where(i => i.Keyword == "ENV").SelectMany(i => Assignment().Matches(i.Arguments))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));

    /// <summary>LABEL assignments of the final stage.</summary>
    public IReadOnlyDictionary<string, string> FinalLabels =>
        Final.Where(i => i.Keyword == "LABEL").SelectMany(i => Assignment().Matches(i.Arguments))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"'));

    /// <summary>ARG defaults declared before the first FROM.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs =>
        Instructions.Where(i => i.Stage == -1 && i.Keyword == "ARG").Select(i => i.Arguments.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary>The final stage's ENTRYPOINT in exec form.</summary>
    public string[] Entrypoint =>
        System.Text.Json.JsonSerializer.Deserialize<string[]>(Final.Last(i => i.Keyword == "ENTRYPOINT").Arguments)!;

    [GeneratedRegex(@"^\s*(\w+)\s+(.*)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_.]*)=(""[^""]*""|\S+)")]
    private static partial Regex Assignment();
}
