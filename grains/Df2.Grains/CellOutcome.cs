namespace Df2.Grains;

/// <summary>How a cell run ended on its worker. Lost: its attempt was recovered or cancelled while it ran.</summary>
public enum CellOutcome { Completed, Failed, Released, Lost }
