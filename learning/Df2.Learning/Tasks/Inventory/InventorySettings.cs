using Df2.Learning.Running;

namespace Df2.Learning.Tasks.Inventory;

/// <summary>Inventory's data: the source and its series (store and item, or an M5 id), window stride and folder, and its eq. 4 path.</summary>
public sealed record InventorySettings(string Source, int Store, int Item, string M5Series, int Stride, string? DataDir, bool Fused)
    : ISettingsRecord<InventorySettings>
{
    public static SettingsGroup Group { get; } = new("inventory", "inventory's data (App. F.5)",
    [
        ParameterSpec.Text("source", "store-item", ["store-item", "m5"], "the demand series: the store-item stand-in, or M5"),
        ParameterSpec.Int("store", 1, 1, 10, "store id (stand-in data)"),
        ParameterSpec.Int("item", 1, 1, 50, "item id (stand-in data)"),
        ParameterSpec.Text("m5_series", Inventory.M5Series.DefaultId, null, "the M5 series id (source m5)"),
        TaskParameters.Stride,
        TaskParameters.DataDir,
        TaskParameters.Fused,
    ], Read);

    public static InventorySettings Read(CellSettings s) =>
        new(s.Text("source"), s.Int("store"), s.Int("item"), s.Text("m5_series"), s.Int("stride"), s.TextOrNull("data_dir"), s.Int("fused") == 1);
}
