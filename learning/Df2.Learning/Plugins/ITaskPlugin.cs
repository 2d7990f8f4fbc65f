namespace Df2.Learning.Plugins;

/// <summary>A task as the catalog sees it: its name, what it is, and what it offers methods.</summary>
public interface ITaskPlugin
{
    string Name { get; }

    string Description { get; }

    TaskOffer Offers { get; }
}
