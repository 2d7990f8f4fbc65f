namespace Df2.Worker;

/// <summary>The parent closed a pipe: the unit in progress has nobody to report to, and the child exits.</summary>
public sealed class ParentGoneException(Exception? inner = null) : Exception("the parent closed the pipe", inner);
