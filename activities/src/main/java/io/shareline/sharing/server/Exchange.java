package io.shareline.sharing.server;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its answer: parameters, body within a size limit, JSON and NDJSON replies. */
final class Exchange {
  private static final int SEND_BUFFER = 512 * 1024;
  static final JsonFactory JSON = new JsonFactory();
  static final String NDJSON = "application/x-ndjson; charset=utf-8";
  static final String APPLICATION_JSON = "application/json; charset=utf-8";

  /** Writes one JSON value (an object, or one line of NDJSON). */
  interface JsonWriter {
    void write(JsonGenerator json) throws IOException;
  }

  final Request request;
  final Response response;
  final Callback callback;
  final String[] segments;
  private final Fields query;
  private final Map<String, String> headers = new LinkedHashMap<>();
  long bytesSent;

  Exchange(Request request, Response response, Callback callback, String[] segments) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.segments = segments;
    this.query = Request.extractQueryParameters(request);
  }

  String method() {
    return request.getMethod();
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  String param(String name) {
    return query.getValue(name);
  }

  Long longParam(String name) {
    String value = param(name);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ProtocolError.badParameter(name + " must be a whole number, got '" + shorten(value) + "'");
    }
  }

  void setHeader(String name, String value) {
    headers.put(name, value);
  }

  /** The request body, refused past {@code limit} bytes. */
  byte[] body(int limit) throws IOException {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared > limit) {
      throw new ProtocolError(413, ProtocolError.MALFORMED_REQUEST, "the request body exceeds " + limit + " bytes");
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new ProtocolError(413, ProtocolError.MALFORMED_REQUEST, "the request body exceeds " + limit + " bytes");
      }
      return bytes;
    }
  }

  void json(int status, JsonWriter writer) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
      writer.write(json);
    }
    send(status, APPLICATION_JSON, buffer.toByteArray());
  }

  /** Newline-delimited JSON: each writer call is one line. */
  void ndjson(Iterable<JsonWriter> lines) throws IOException {
    start(200, NDJSON);
    try (OutputStream out = counting(Content.Sink.asOutputStream(response));
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (JsonWriter line : lines) {
        line.write(json);
      }
      json.writeRaw('\n');
    }
    callback.succeeded();
  }

  void empty(int status) {
    start(status, null);
    response.write(true, ByteBuffer.allocate(0), callback);
  }

  void send(int status, String contentType, byte[] body) {
    start(status, contentType);
    bytesSent += body.length;
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Status and headers; the body follows through {@link #stream()}. */
  void start(int status, String contentType) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    headers.forEach((k, v) -> response.getHeaders().put(k, v));
  }

  /**
   * Bytes [start, end) of a local file, read into two direct buffers that take turns: one is read from the
   * file while the other is being written to the socket, and neither passes through the heap. Two buffers a
   * download bound the memory of many concurrent readers. Blocks until written.
   */
  void sendFile(java.nio.file.Path file, long start, long end) throws IOException {
    ByteBuffer[] buffers = {ByteBuffer.allocateDirect(SEND_BUFFER), ByteBuffer.allocateDirect(SEND_BUFFER)};
    Blocker.Callback pending = null;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long at = start;
      for (int turn = 0; at < end; turn++) {
        ByteBuffer buffer = buffers[turn & 1];
        buffer.clear().limit((int) Math.min(SEND_BUFFER, end - at));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, at + buffer.position()) < 0) {
            throw new IOException("the file ended early");
          }
        }
        buffer.flip();
        if (pending != null) {
          pending.block();
          pending.close();
        }
        pending = Blocker.callback();
        response.write(false, buffer, pending);
        at += buffer.limit();
        bytesSent += buffer.limit();
      }
      if (pending != null) {
        pending.block();
      }
    } finally {
      if (pending != null) {
        pending.close();
      }
    }
  }

  OutputStream stream() {
    return counting(Content.Sink.asOutputStream(response));
  }

  private OutputStream counting(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        bytesSent += len;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        bytesSent++;
      }
    };
  }

  static String shorten(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
