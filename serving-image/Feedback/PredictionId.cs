using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Rollouts.Serving.Feedback;

/// <summary>
/// A prediction id: everything a pod needs to judge feedback for the prediction, with no shared state. The id is the
/// unpadded base64url (RFC 4648 §5) form of these bytes:
/// <list type="number">
/// <item>format version, 1 byte (<see cref="FormatVersion"/>);</item>
/// <item>the predicting revision (<c>--model-revision</c>, empty when not given): length, 1 byte, then ASCII;</item>
/// <item>when it was made: Unix seconds, 4 bytes big-endian;</item>
/// <item>a nonce, 6 random bytes, so two equal predictions in one second have two ids;</item>
/// <item>label kind, 1 byte: 0 none, 1 integers, 2 strings;</item>
/// <item>rows: an unsigned LEB128 varint;</item>
/// <item>per row its label: integers as zigzag LEB128 varints, strings as a varint byte length then UTF-8;</item>
/// <item>a check: the first 4 bytes of the SHA-256 of everything before it.</item>
/// </list>
/// The check catches garbling (a truncated or mangled id), not forgery: there is no secret shared by the pods, and a
/// client can already send any true label. An id is at most <see cref="MaxChars"/> characters; a prediction whose id would
/// be longer (over <see cref="MaxRows"/> rows, or long string labels) gets none.
/// </summary>
/// <param name="Revision">The revision that made the prediction ("" when the server had no <c>--model-revision</c>).</param>
/// <param name="IssuedAtUnixSeconds">When the prediction was made, in Unix seconds.</param>
/// <param name="Nonce">48 random bits.</param>
/// <param name="Labels">The predicted label per row.</param>
public sealed record PredictionId(string Revision, uint IssuedAtUnixSeconds, long Nonce, PredictedLabels Labels)
{
    /// <summary>The format version written first.</summary>
    public const byte FormatVersion = 1;

    /// <summary>The most rows a prediction with an id may have.</summary>
    public const int MaxRows = 64;

    /// <summary>The longest id, in characters (base64url of <see cref="MaxBytes"/> bytes).</summary>
    public const int MaxChars = 200;

    /// <summary>The most bytes before base64url.</summary>
    public const int MaxBytes = MaxChars / 4 * 3;

    private const int CheckBytes = 4;
    private const int NonceBytes = 6;
    private const byte NoLabels = 0;
    private const byte IntegerLabels = 1;
    private const byte StringLabels = 2;

    /// <summary>The id as text, or null when it would be longer than <see cref="MaxChars"/> (or the revision is not ASCII of at most 253 bytes).</summary>
    public string? Encode()
    {
        Span<byte> bytes = stackalloc byte[MaxBytes];
        if (Revision.Length > 253 || !Ascii.IsValid(Revision) || Labels.Rows > MaxRows)
        {
            return null;
        }

        var at = 0;
        bytes[at++] = FormatVersion;
        bytes[at++] = (byte)Revision.Length;
        at += Encoding.ASCII.GetBytes(Revision, bytes[at..]);
        BinaryPrimitives.WriteUInt32BigEndian(bytes[at..], IssuedAtUnixSeconds);
        at += 4;
        for (var i = 0; i < NonceBytes; i++)
        {
            bytes[at++] = (byte)(Nonce >> (8 * i));
        }

        bytes[at++] = Labels.Integers is not null ? IntegerLabels : Labels.Strings is not null ? StringLabels : NoLabels;
        if (!TryVarint(bytes, ref at, (ulong)Labels.Rows))
        {
            return null;
        }

        for (var row = 0; row < Labels.Rows; row++)
        {
            if (Labels.Integers is { } integers && !TryVarint(bytes, ref at, ZigZag(integers[row])))
            {
                return null;
            }

            if (Labels.Strings is { } strings)
            {
                var length = Encoding.UTF8.GetByteCount(strings[row]);
                if (!TryVarint(bytes, ref at, (ulong)length) || at + length > bytes.Length)
                {
                    return null;
                }

                at += Encoding.UTF8.GetBytes(strings[row], bytes[at..]);
            }
        }

        if (at + CheckBytes > bytes.Length)
        {
            return null;
        }

        Check(bytes[..at], bytes.Slice(at, CheckBytes));
        at += CheckBytes;
        return Base64Url.EncodeToString(bytes[..at]);
    }

    /// <summary>
    /// Decodes an id written by <see cref="Encode"/>; null with a message (for a 422 answer) when it is not one: not
    /// base64url, another format version, truncated, or failing its check.
    /// </summary>
    public static PredictionId? TryDecode(string text, out string? error)
    {
        error = null;
        Span<byte> bytes = stackalloc byte[MaxBytes + 3];
        if (text.Length == 0 || text.Length > MaxChars || !Base64Url.IsValid(text) || !Base64Url.TryDecodeFromChars(text, bytes, out var length))
        {
            error = $"prediction_id is not an id this server issued: expected up to {MaxChars} base64url characters";
            return null;
        }

        bytes = bytes[..length];
        if (length < 1 + 1 + 4 + NonceBytes + 1 + 1 + CheckBytes || bytes[0] != FormatVersion)
        {
            error = $"prediction_id is not an id this server issued: unknown format (version {(length > 0 ? bytes[0] : 0)}, {length} bytes)";
            return null;
        }

        Span<byte> check = stackalloc byte[CheckBytes];
        Check(bytes[..^CheckBytes], check);
        if (!check.SequenceEqual(bytes[^CheckBytes..]))
        {
            error = "prediction_id fails its check: it was garbled or truncated on the way";
            return null;
        }

        var body = bytes[..^CheckBytes];
        try
        {
            var at = 1;
            int revisionLength = body[at++];
            var revision = Encoding.ASCII.GetString(body.Slice(at, revisionLength));
            at += revisionLength;
            var issued = BinaryPrimitives.ReadUInt32BigEndian(body[at..]);
            at += 4;
            long nonce = 0;
            for (var i = 0; i < NonceBytes; i++)
            {
                nonce |= (long)body[at++] << (8 * i);
            }

            var kind = body[at++];
            var rows = Varint(body, ref at);
            if (rows > MaxRows || kind > StringLabels)
            {
                throw new FormatException();
            }

            var labels = kind switch
            {
                IntegerLabels => new PredictedLabels((int)rows, ReadIntegers(body, ref at, (int)rows), null),
                StringLabels => new PredictedLabels((int)rows, null, ReadStrings(body, ref at, (int)rows)),
                _ => PredictedLabels.None((int)rows),
            };
            if (at != body.Length)
            {
                throw new FormatException();
            }

            return new PredictionId(revision, issued, nonce, labels);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or FormatException or DecoderFallbackException)
        {
            error = "prediction_id passes its check but does not decode: it was not issued by this version of the server";
            return null;
        }
    }

    private static long[] ReadIntegers(ReadOnlySpan<byte> body, ref int at, int rows)
    {
        var labels = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            var z = Varint(body, ref at);
            labels[i] = (long)(z >> 1) ^ -(long)(z & 1);
        }

        return labels;
    }

    private static string[] ReadStrings(ReadOnlySpan<byte> body, ref int at, int rows)
    {
        var labels = new string[rows];
        for (var i = 0; i < rows; i++)
        {
            var length = (int)Varint(body, ref at);
            labels[i] = Encoding.UTF8.GetString(body.Slice(at, length));
            at += length;
        }

        return labels;
    }

    private static void Check(ReadOnlySpan<byte> content, Span<byte> check)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        hash[..CheckBytes].CopyTo(check);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static bool TryVarint(Span<byte> bytes, ref int at, ulong value)
    {
        do
        {
            if (at >= bytes.Length)
            {
                return false;
            }

            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes[at++] = value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
        return true;
    }

    private static ulong Varint(ReadOnlySpan<byte> bytes, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 64 bits");
    }
}
