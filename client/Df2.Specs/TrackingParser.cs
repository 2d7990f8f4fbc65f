using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Df2.Specs;

/// <summary>A YAML parser that remembers the start mark of the last event it produced (for errors the scanner reports without a mark).</summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public Mark Last { get; private set; } = Mark.Empty;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        var more = inner.MoveNext();
        if (inner.Current is { } e) Last = e.Start;
        return more;
    }
}
