using System.IO.Compression;
using System.Text;
using Df2.Learning.Data.RealWorld;

namespace Df2.RealWorld.Tests.Plain;

public class NpyParsingTests
{
    internal static byte[] Npy(string descr, string shape, byte[] data)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.Add(1); bytes.Add(0);
        bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    [Fact]
    public void Parses_int64_and_float32_arrays()
    {
        var a = NpyArray.Parse(Npy("<i8", "(3,)", new long[] { 5, -2, 9 }.SelectMany(BitConverter.GetBytes).ToArray()), "t.npy");
        Assert.Equal([3], a.Shape);
        Assert.Equal([5.0, -2.0, 9.0], a.Values);
        var f = NpyArray.Parse(Npy("<f4", "(2, 2)", new float[] { 1.5f, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray()), "f.npy");
        Assert.Equal([2, 2], f.Shape);
        Assert.Equal(1.5, f.Values[0]);
    }

    [Fact]
    public void Bad_magic_names_the_file()
    {
        var e = Assert.Throws<InvalidDataException>(() => NpyArray.Parse([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "odd.npy"));
        Assert.Contains("odd.npy", e.Message);
    }

    [Fact]
    public void Csc_npz_round_trip_and_bad_entry_names_file_and_member()
    {
        // 2×3 matrix [[1,0,2],[0,3,0]] in CSC
        var dir = Directory.CreateTempSubdirectory("npz");
        var path = Path.Combine(dir.FullName, "m.npz");
        void Write(bool corrupt)
        {
            using var fs = File.Create(path);
            using var zip = new ZipArchive(fs, ZipArchiveMode.Create);
            void Add(string name, byte[] b) { using var s = zip.CreateEntry(name).Open(); s.Write(b); }
            Add("data.npy", Npy("<i8", "(3,)", new long[] { 1, 3, 2 }.SelectMany(BitConverter.GetBytes).ToArray()));
            Add("indices.npy", corrupt ? [0x00, 0x01] : Npy("<i4", "(3,)", new[] { 0, 1, 0 }.SelectMany(BitConverter.GetBytes).ToArray()));
            Add("indptr.npy", Npy("<i4", "(4,)", new[] { 0, 1, 2, 3 }.SelectMany(BitConverter.GetBytes).ToArray()));
            Add("shape.npy", Npy("<i8", "(2,)", new long[] { 2, 3 }.SelectMany(BitConverter.GetBytes).ToArray()));
            Add("format.npy", Npy("|S3", "()", Encoding.ASCII.GetBytes("csc")));
        }
        Write(false);
        var m = NpzCscMatrix.Load(path);
        Assert.Equal([1, 0, 2, 0, 3, 0], m.DenseRows(0, 2));
        Write(true);
        var e = Assert.Throws<InvalidDataException>(() => NpzCscMatrix.Load(path));
        Assert.Contains("m.npz", e.Message);
        Assert.Contains("indices.npy", e.Message);
        dir.Delete(true);
    }
}
