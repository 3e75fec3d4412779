using System.Runtime.InteropServices;

namespace Rollouts.LocalCluster.Processes;

/// <summary>POSIX signals to child processes (System.Diagnostics.Process only sends SIGKILL).</summary>
public static partial class Signals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; errors (no such process) are ignored.</summary>
    public static void Terminate(int pid) => _ = NativeKill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int NativeKill(int pid, int signal);
}
