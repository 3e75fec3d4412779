using System.Text.Json;

namespace Rollouts.Serving.Inference;

/// <summary>The element readers, one per V2 datatype.</summary>
internal static class JsonElementReaders
{
    internal readonly struct Fp32 : IJsonElementReader<float>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out float value)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.TryGetSingle(out value) && float.IsFinite(value);
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                return Named(ref reader, out value);
            }

            value = 0;
            return false;
        }

        /// <summary>The names Utf8JsonWriter cannot write as numbers: "NaN", "Infinity", "-Infinity".</summary>
        private static bool Named(ref Utf8JsonReader reader, out float value)
        {
            value = reader.ValueTextEquals("NaN"u8) ? float.NaN
                : reader.ValueTextEquals("Infinity"u8) ? float.PositiveInfinity
                : reader.ValueTextEquals("-Infinity"u8) ? float.NegativeInfinity
                : 0;
            return value != 0;
        }
    }

    internal readonly struct Fp64 : IJsonElementReader<double>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out double value)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return reader.TryGetDouble(out value) && double.IsFinite(value);
            }

            var ok = Fp32.TryRead(ref reader, out var f);
            value = f;
            return ok;
        }
    }

    internal readonly struct Int8 : IJsonElementReader<sbyte>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out sbyte value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetSByte(out value);
        }
    }

    internal readonly struct Int16 : IJsonElementReader<short>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out short value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt16(out value);
        }
    }

    internal readonly struct Int32 : IJsonElementReader<int>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out int value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
        }
    }

    internal readonly struct Int64 : IJsonElementReader<long>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out long value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value);
        }
    }

    internal readonly struct UInt8 : IJsonElementReader<byte>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out byte value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetByte(out value);
        }
    }

    internal readonly struct UInt16 : IJsonElementReader<ushort>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out ushort value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt16(out value);
        }
    }

    internal readonly struct UInt32 : IJsonElementReader<uint>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out uint value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out value);
        }
    }

    internal readonly struct UInt64 : IJsonElementReader<ulong>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out ulong value)
        {
            value = 0;
            return reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out value);
        }
    }

    internal readonly struct Bool : IJsonElementReader<bool>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out bool value)
        {
            value = reader.TokenType == JsonTokenType.True;
            return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
        }
    }

    internal readonly struct Bytes : IJsonElementReader<string>
    {
        public static bool TryRead(ref Utf8JsonReader reader, out string value)
        {
            value = reader.TokenType == JsonTokenType.String ? reader.GetString()! : string.Empty;
            return reader.TokenType == JsonTokenType.String;
        }
    }
}
