using System.Runtime.InteropServices;

namespace Rollouts.LocalCluster.Processes;

/// <summary>POSIX signals to child processes (System.Diagnostics.Process only sends SIGKILL).</summary>
public static partial class Signals
{
    private const int SigTerm = 15;
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; errors (no such process) are ignored.</summary>
    public static void Terminate(int pid) => _ = NativeKill(pid, SigTerm);

    /// <summary>Sends SIGSTOP to <paramref name="pid"/> (it freezes, as a process starved or paused by its node would); errors are ignored.</summary>
    public static void Stop(int pid) => _ = NativeKill(pid, SigStop);

    /// <summary>Sends SIGCONT to <paramref name="pid"/> (a stopped process runs on); errors are ignored.</summary>
    public static void Continue(int pid) => _ = NativeKill(pid, SigCont);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int NativeKill(int pid, int signal);
}
