using System.Text.Json;
using NbTools.Core.Json;
using NbTools.Core.Model;
using NbTools.Core.Text;

namespace NbTools.Core.Formats.Ipynb;

/// <summary>
/// Reading a large .ipynb without holding the file: the bytes go through a window of
/// <see cref="WindowSize"/> (larger only for a larger cell), the model keeps byte ranges as it
/// always does, and what a command later needs of them – an output to compare or parse, a cell
/// to copy into a merged file – is read back from the file (<see cref="FileBackedBytes"/>). A diff
/// or merge of 20 MB notebooks then holds their models, not their files as well.
/// </summary>
internal static partial class IpynbReader
{
    /// <summary>The window a large file is read through; files this small or smaller are read whole.</summary>
    internal const int WindowSize = 1 << 20;

    /// <summary>
    /// Reads a notebook file through a window, leaving its bytes in the file. Null when the file
    /// wants the whole-file reader: not plain UTF-8 starting with <c>{</c>, not nbformat 4, or
    /// anything wrong with it, whose error the whole-file reader then reports exactly as always.
    /// </summary>
    public static Notebook? ReadWindowed(string path, int windowSize = WindowSize)
    {
        // Only regular files: opening a FIFO would block, and every other case is the whole-file reader's to report.
        if (IO.FileKind.IsRegular(path) != true) return null;
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        long length;
        try
        {
            IO.InputFiles.CleanStaleTempFilesBeside(path);
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = RandomAccess.GetLength(handle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (length <= windowSize || length > IO.InputFiles.MaxBytes)
        {
            handle.Dispose();
            return null;
        }
        try
        {
            var file = new FileBackedBytes(handle, path, (int)length);
            var source = new JsonSource(file);
            var window = new Window(file, windowSize);
            var (root, cells) = ReadRootWindowed(source, window);
            if (cells is null || ReadInt(source, root, "nbformat", required: true) != 4) return Fallback(handle);
            return ReadV4(null, FileEncoding.Utf8, source, root, cells);
        }
        catch (Exception ex) when (ex is JsonException or NotebookFormatException or WindowExhausted or WindowFallback)
        {
            return Fallback(handle);
        }
    }

    private static Notebook? Fallback(IDisposable handle)
    {
        handle.Dispose();
        return null;
    }

    /// <summary>The root's layout, the cells of its last <c>"cells"</c> list read in place as the window passes them.</summary>
    private static (RawContainer Root, ReadCellsResult? Cells) ReadRootWindowed(JsonSource source, Window window)
    {
        var reader = window.MoveTo(0, new JsonReaderState(JsonSource.ReaderOptions));
        var baseOffset = 0;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw WindowFallback.Instance;
        var rootStart = (int)reader.TokenStartIndex;
        var items = new List<RawItem>();
        ReadCellsResult? cells = null;
        while (true)
        {
            var before = (State: reader.CurrentState, At: baseOffset + (int)reader.BytesConsumed);
            try
            {
                if (!Next(ref reader) || reader.TokenType == JsonTokenType.EndObject) break;
                var itemStart = baseOffset + (int)reader.TokenStartIndex;
                var name = reader.GetString()!;
                Next(ref reader);
                var valueStart = baseOffset + (int)reader.TokenStartIndex;
                var kind = JsonSource.KindOf(reader.TokenType);
                if (name == "cells")
                {
                    // As the whole-file reader: with duplicate keys the last one holds the value.
                    cells = reader.TokenType == JsonTokenType.StartArray ? ReadCells(source, ref reader, ref baseOffset, window) : null;
                }
                if (kind is RawKind.Object or RawKind.Array && !(name == "cells" && cells is not null)) SkipValue(ref reader);
                items.Add(new RawItem(name, itemStart, valueStart, baseOffset + (int)reader.BytesConsumed, kind));
            }
            catch (WindowExhausted)
            {
                reader = window.MoveTo(before.At, before.State);
                baseOffset = before.At;
            }
        }
        var rootEnd = baseOffset + (int)reader.BytesConsumed;
        window.EnsureOnlyWhiteSpaceFrom(rootEnd);
        return (new RawContainer(true, rootStart, rootEnd, items.ToArray()), cells);
    }

    /// <summary>The next token; in a window that ends before it, <see cref="WindowExhausted"/> (a whole-file reader just returns false at the end).</summary>
    private static bool Next(ref Utf8JsonReader reader)
    {
        if (reader.Read()) return true;
        if (!reader.IsFinalBlock) throw WindowExhausted.Instance;
        return false;
    }

    /// <summary>Skips the object or array the reader is on; in a window that ends inside it, <see cref="WindowExhausted"/>.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip()) throw WindowExhausted.Instance;
    }

    /// <summary>The window ended inside what was being read: move it on and read that again.</summary>
    private sealed class WindowExhausted : Exception
    {
        public static readonly WindowExhausted Instance = new();
    }

    /// <summary>The file wants the whole-file reader (another encoding, a bad byte: its error is reported from there).</summary>
    private sealed class WindowFallback : Exception
    {
        public static readonly WindowFallback Instance = new();
    }

    /// <summary>
    /// The part of the file in memory. Every byte that enters it is checked as the whole-file reader
    /// checks a file (valid UTF-8, no lone surrogate escape, see <see cref="JsonTextCheck"/>) before
    /// the window moves past it; a file that fails goes to the whole-file reader for the error.
    /// </summary>
    private sealed class Window
    {
        /// <summary>Bytes left unchecked at the end of a window that is not the file's last: a UTF-8 sequence or an escape may go on in the next.</summary>
        private const int Slack = 16;

        private readonly FileBackedBytes file;
        private byte[] buffer;
        private int start;
        private int filled;
        private int checkedUpTo;

        public Window(FileBackedBytes file, int size)
        {
            this.file = file;
            buffer = GC.AllocateUninitializedArray<byte>(size);
        }

        private bool IsFinal => start + filled == file.Length;

        /// <summary>
        /// A reader from file offset <paramref name="at"/> in state <paramref name="state"/>, the window
        /// moved on so that it starts there and holds more than before (twice as much when what is
        /// being read is larger than the window).
        /// </summary>
        public Utf8JsonReader MoveTo(int at, JsonReaderState state)
        {
            var keepFrom = Math.Min(at, checkedUpTo);
            if (keepFrom < start) throw new InvalidOperationException("the window cannot move back");
            var keep = start + filled - keepFrom;
            if (keepFrom == start && filled == buffer.Length && filled > 0)
            {
                var larger = GC.AllocateUninitializedArray<byte>(buffer.Length * 2);
                buffer.AsSpan(0, filled).CopyTo(larger);
                buffer = larger;
            }
            else if (keepFrom > start)
            {
                buffer.AsSpan(keepFrom - start, keep).CopyTo(buffer);
            }
            start = keepFrom;
            filled = keep;
            var more = Math.Min(buffer.Length - filled, file.Length - (start + filled));
            file.ReadExactly(start + filled, buffer.AsSpan(filled, more));
            filled += more;
            Check();
            return new Utf8JsonReader(buffer.AsSpan(at - start, filled - (at - start)), IsFinal, state);
        }

        /// <summary>Checks the bytes that came in, up to where a sequence or escape may still go on.</summary>
        private void Check()
        {
            var end = start + filled;
            if (!IsFinal)
            {
                end -= Slack;
                // End before a UTF-8 continuation byte's sequence starts: never inside one.
                while (end > checkedUpTo && (buffer[end - start] & 0xC0) == 0x80) end--;
            }
            if (end <= checkedUpTo) return;
            var region = buffer.AsSpan(checkedUpTo - start, end - checkedUpTo);
            if (!System.Text.Unicode.Utf8.IsValid(region)) throw WindowFallback.Instance;
            if (JsonTextCheck.MayHoldSurrogateEscape(buffer.AsSpan(checkedUpTo - start, filled - (checkedUpTo - start)), end - checkedUpTo)) throw WindowFallback.Instance;
            checkedUpTo = end;
        }

        /// <summary>Nothing but white space may follow the notebook's object, as the whole-file reader requires.</summary>
        public void EnsureOnlyWhiteSpaceFrom(int at)
        {
            // The window's buffer is free once the notebook's object is read.
            for (; at < file.Length; at += buffer.Length)
            {
                var n = Math.Min(buffer.Length, file.Length - at);
                file.ReadExactly(at, buffer.AsSpan(0, n));
                if (buffer.AsSpan(0, n).IndexOfAnyExcept(" \t\r\n"u8) >= 0) throw WindowFallback.Instance;
            }
        }
    }
}
