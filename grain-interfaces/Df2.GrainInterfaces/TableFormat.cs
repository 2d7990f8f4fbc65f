namespace Df2.GrainInterfaces;

/// <summary>Output formats of the sweep table.</summary>
[GenerateSerializer, Alias("df2.TableFormat")]
public enum TableFormat { Markdown, Csv, Latex, Svg }
