using System.Diagnostics;

namespace Rollouts.BenchOperator;

/// <summary>The machine a run used.</summary>
/// <param name="Cpu">CPU model (/proc/cpuinfo).</param>
/// <param name="Cores">Logical cores (<see cref="Environment.ProcessorCount"/>).</param>
/// <param name="MemoryBytes">MemTotal (/proc/meminfo), bytes.</param>
/// <param name="LoadBefore">Load averages (1/5/15 min) before the run.</param>
/// <param name="LoadAfter">Load averages after it.</param>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string LoadBefore, string LoadAfter)
{
    /// <summary>This machine now (LoadAfter still empty).</summary>
    public static MachineInfo Now() => new(ProcFs.CpuModel(), Environment.ProcessorCount, ProcFs.MemoryTotal(), ProcFs.LoadAverage(), "");

    /// <summary>
    /// The operator's commit: the last commit of <paramref name="repo"/> that changed what the operator is built from
    /// (operator/, lib/, Directory.Build.props, Directory.Packages.props, global.json), 12 hex digits, with "+dirty"
    /// when those have uncommitted changes; "unknown" without git.
    /// </summary>
    public static async Task<string> OperatorCommitAsync(string repo, CancellationToken ct)
    {
        string[] inputs = ["operator", "lib", "Directory.Build.props", "Directory.Packages.props", "global.json"];
        var commit = await GitAsync(repo, ["log", "-1", "--format=%h", "--abbrev=12", "--", .. inputs], ct).ConfigureAwait(false);
        if (string.IsNullOrEmpty(commit))
        {
            return "unknown";
        }

        var dirty = await GitAsync(repo, ["status", "--porcelain", "--", .. inputs], ct).ConfigureAwait(false);
        return commit + (string.IsNullOrEmpty(dirty) ? "" : "+dirty");
    }

    private static async Task<string?> GitAsync(string repo, string[] args, CancellationToken ct)
    {
        var info = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-C", repo, .. args])
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(info);
            if (p is null)
            {
                return null;
            }

            var output = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            return p.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
