using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rollouts.Serving.Http;

/// <summary>
/// Writes JSON bodies with a Content-Length. Bodies are rendered into a per-thread buffer with a per-thread
/// <see cref="Utf8JsonWriter"/> (no per-request writer or buffer allocation), then copied into the response pipe.
/// </summary>
public static class JsonResponses
{
    /// <summary>The JSON content type.</summary>
    public const string ContentType = "application/json";

    private const int KeepCapacity = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? threadWriter;

    /// <summary>Writes <paramref name="body"/> (already JSON) with <paramref name="status"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }

    /// <summary>Writes <c>{"error": message}</c> with <paramref name="status"/> unless the response has started.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(context, status, message, static (w, m) =>
        {
            w.WriteStartObject();
            w.WriteString("error"u8, m);
            w.WriteEndObject();
        });
    }

    /// <summary>Renders a body with <paramref name="render"/> and writes it with <paramref name="status"/>.</summary>
    public static async Task WriteAsync<TState>(HttpContext context, int status, TState state, Action<Utf8JsonWriter, TState> render)
    {
        var buffer = threadBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = threadWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.Reset(buffer);
        try
        {
            render(writer, state);
            writer.Flush();
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = ContentType;
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset();
            if (buffer.Capacity > KeepCapacity)
            {
                threadBuffer = null;
                threadWriter = null;
            }
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
