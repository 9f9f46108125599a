using System.Diagnostics;
using System.Text;

namespace NbTools.Cli.Tests.Support;

/// <summary>Runs nbtools in-process (fast, same code path) or as the real built program.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, byte[] StdoutBytes)
{
    public static CliRun InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var exit = NbToolsCli.Run(args, new CliConsole(output, error, () => new NonClosingStream(stdout)));
        return new CliRun(exit, output.ToString(), error.ToString(), stdout.ToArray());
    }

    /// <summary>Runs the built nbtools program (dotnet nbtools.dll) as a separate process.</summary>
    public static CliRun Process(params string[] args) => ProcessWith(args);

    /// <summary>Runs the built program in a working folder.</summary>
    public static CliRun ProcessAt(string workingFolder, params string[] args) => ProcessWith(args, workingFolder);

    /// <summary>Runs the built program with an optional working folder, standard input and extra environment variables.</summary>
    public static CliRun ProcessWith(string[] args, string? workingFolder = null, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Executable("dotnet", [Path.Combine(AppContext.BaseDirectory, "nbtools.dll"), .. args], workingFolder, input, environment);

    /// <summary>Runs a program (a published nbtools, say) with <paramref name="args"/> as a separate process.</summary>
    public static CliRun Executable(string program, string[] args, string? workingFolder = null, byte[]? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingFolder ?? Environment.CurrentDirectory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
        }
        process.WaitForExit();
        copy.Wait();
        var bytes = stdout.ToArray();
        return new CliRun(process.ExitCode, Encoding.UTF8.GetString(bytes), error.Result, bytes);
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
