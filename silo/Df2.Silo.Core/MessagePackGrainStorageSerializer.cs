using MessagePack;
using MessagePack.Resolvers;
using Orleans.Storage;

namespace Df2.Silo.Core;

/// <summary>
/// Grain state as MessagePack (contractless: property names as keys, so adding a property keeps old state readable).
/// Used by the Azure Table and the folder storage alike. Default (trusted) security: only the silos write this state, and
/// the untrusted mode builds dictionaries with a comparer type that Orleans' wire serializer cannot carry.
/// </summary>
public sealed class MessagePackGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance);

    public BinaryData Serialize<T>(T? input) => new(MessagePackSerializer.Serialize(input, Options));

    public T Deserialize<T>(BinaryData input) => MessagePackSerializer.Deserialize<T>(input.ToMemory(), Options);
}
