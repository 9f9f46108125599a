using System.Runtime.InteropServices;

namespace NbTools.Core.IO;

/// <summary>
/// Whether a path (symbolic links followed) is a regular file, from Linux's <c>statx</c>, whose
/// layout is the same on every architecture. .NET reports FIFOs and devices as ordinary files, and
/// opening a FIFO blocks until someone writes to it, so this is asked before opening an input.
/// Elsewhere (no <c>statx</c>) the answer is "unknown" and the size limit still bounds the read.
/// </summary>
public static class FileKind
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 1;
    private const int ModeOffset = 28;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    /// <summary>True for a regular file, false for a FIFO, socket or device, null when unknown.</summary>
    public static bool? IsRegular(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return (mode & TypeMask) == Regular;
    }

    /// <summary>
    /// True when the file may be run as a program: always on Windows (no mode bits), elsewhere when any
    /// of its execute bits is set. For paths git will run (textconv and merge drivers).
    /// </summary>
    public static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [DllImport("libc", EntryPoint = "statx", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Statx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);
}
