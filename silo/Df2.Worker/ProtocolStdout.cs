using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Df2.Worker;

/// <summary>
/// Keeps the protocol pipe for frames only: the pipe on fd 1 is moved to a new descriptor, and fd 1 (what libtorch or any
/// native library writes to) and <see cref="Console.Out"/> become stderr, so a stray print cannot corrupt a frame.
/// </summary>
public static class ProtocolStdout
{
    public static Stream Take()
    {
        var fd = dup(1);
        if (fd < 0 || dup2(2, 1) < 0) throw new IOException($"df2-worker: could not move stdout (errno {Marshal.GetLastPInvokeError()})");
        Console.SetOut(Console.Error);
        return new FileStream(new SafeFileHandle((IntPtr)fd, ownsHandle: true), FileAccess.Write, bufferSize: 1 << 16);
    }

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int dup(int fd);

    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int dup2(int oldFd, int newFd);
}
