package io.shareline.worker.ops;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote codec endpoint of the Temporal Web UI and CLI ({@code --codec-endpoint}): {@code POST /encode}
 * and {@code POST /decode} take and return {@code {"payloads":[{"metadata":{...},"data":"<base64>"}]}}
 * (the JSON form of Temporal's Payloads). Every call needs {@code Authorization: Bearer <token>}; the
 * browser's CORS preflight is answered for the one configured UI origin. It decrypts history for whoever
 * holds the token, so it listens on loopback unless told otherwise.
 */
public final class CodecServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodecServer.class);
  private static final int MAX_BODY = 8 * 1024 * 1024;

  private final HttpServer server;

  private CodecServer(HttpServer server) {
    this.server = server;
  }

  public static CodecServer start(String host, int port, PayloadCodec codec, String token, String corsOrigin) {
    HttpServer server = Endpoints.listen(host, port, "codec endpoint");
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      try (exchange) {
        handle(exchange, codec, expected, corsOrigin);
      } catch (RuntimeException e) {
        log.warn("codec endpoint failed on {}: {}", exchange.getRequestURI().getPath(), e.getClass().getSimpleName());
      }
    });
    server.start();
    CodecServer codecServer = new CodecServer(server);
    log.info("codec endpoint on http://{}:{} (POST /encode, /decode; CORS origin {})", host, codecServer.port(),
        corsOrigin);
    return codecServer;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void handle(HttpExchange exchange, PayloadCodec codec, byte[] expected, String corsOrigin)
      throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null && origin.equals(corsOrigin)) {
      exchange.getResponseHeaders().add("Access-Control-Allow-Origin", corsOrigin);
      exchange.getResponseHeaders().add("Access-Control-Allow-Credentials", "true");
      exchange.getResponseHeaders().add("Vary", "Origin");
    }
    String method = exchange.getRequestMethod();
    if (method.equals("OPTIONS")) {
      exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, OPTIONS");
      exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Namespace");
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    String path = exchange.getRequestURI().getPath();
    boolean encode = path.endsWith("/encode");
    if (!encode && !path.endsWith("/decode")) {
      send(exchange, 404, "{\"error\":\"POST /encode or /decode\"}");
      return;
    }
    if (!method.equals("POST")) {
      send(exchange, 405, "{\"error\":\"POST only\"}");
      return;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null
        || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
      send(exchange, 401, "{\"error\":\"missing or wrong bearer token\"}");
      return;
    }
    Payloads.Builder request = Payloads.newBuilder();
    try (InputStream body = exchange.getRequestBody()) {
      byte[] bytes = body.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        send(exchange, 413, "{\"error\":\"body over 8 MiB\"}");
        return;
      }
      JsonFormat.parser().ignoringUnknownFields().merge(new String(bytes, StandardCharsets.UTF_8), request);
    } catch (InvalidProtocolBufferException e) {
      send(exchange, 400, "{\"error\":\"body is not {\\\"payloads\\\":[...]}\"}");
      return;
    }
    List<io.temporal.api.common.v1.Payload> result;
    try {
      result = encode ? codec.encode(request.getPayloadsList()) : codec.decode(request.getPayloadsList());
    } catch (PayloadCodecException e) {
      send(exchange, 400, "{\"error\":" + quote(e.getMessage()) + "}");
      return;
    }
    send(exchange, 200, JsonFormat.printer().omittingInsignificantWhitespace()
        .print(Payloads.newBuilder().addAllPayloads(result).build()));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
