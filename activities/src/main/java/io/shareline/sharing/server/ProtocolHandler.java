package io.shareline.sharing.server;

import io.shareline.delta.DeltaWriteException;
import io.shareline.delta.SnapshotReader;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.sharing.credential.RecipientTokens.Caller;
import io.shareline.sharing.server.ShareDirectory.SharedTable;
import io.shareline.sharing.server.ShareDirectory.VisibleShare;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Delta Sharing REST protocol under {@code /delta-sharing}: bearer token, rate limit, then the
 * endpoint; every failure becomes the protocol's JSON error body, never a stack trace.
 */
final class ProtocolHandler extends Handler.Abstract {
  static final String PREFIX = "/delta-sharing";
  private static final Logger log = LoggerFactory.getLogger(ProtocolHandler.class);

  private final RecipientTokens tokens;
  private final ShareDirectory directory;
  private final TableEndpoints tableEndpoints;
  private final FileEndpoint files;
  private final ActivationEndpoint activation;
  private final RateLimiter limiter;

  ProtocolHandler(RecipientTokens tokens, ShareDirectory directory, TableEndpoints tableEndpoints, FileEndpoint files,
      ActivationEndpoint activation, RateLimiter limiter) {
    this.tokens = tokens;
    this.directory = directory;
    this.tableEndpoints = tableEndpoints;
    this.files = files;
    this.activation = activation;
    this.limiter = limiter;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getDecodedPath();
    String[] segments = path == null || !path.startsWith(PREFIX + "/") ? new String[0]
        : path.substring(PREFIX.length() + 1).split("/");
    Exchange ex = new Exchange(request, response, callback, segments);
    AccessLog.Entry entry = new AccessLog.Entry(operation(segments));
    int status;
    try {
      route(ex, entry);
      status = response.getStatus();
    } catch (ProtocolError e) {
      status = fail(ex, e);
    } catch (SnapshotReader.NoSuchVersion e) {
      status = fail(ex, ProtocolError.badParameter("the table has no such version or timestamp"));
    } catch (DeltaWriteException e) {
      status = fail(ex, e.getCause() instanceof io.delta.kernel.exceptions.TableNotFoundException
          ? ProtocolError.notFound("the table's data") : internal(e));
    } catch (Exception e) {
      status = fail(ex, internal(e));
    }
    AccessLog.write(entry, status, ex.bytesSent);
    return true;
  }

  private void route(Exchange ex, AccessLog.Entry entry) throws Exception {
    String[] s = ex.segments;
    if (s.length == 5 && s[0].equals("files")) {
      requireMethod(ex, "GET", "HEAD");
      files.serve(ex, entry);
      return;
    }
    if (s.length == 2 && s[0].equals("activation")) {
      requireMethod(ex, "GET");
      activation.redeem(ex, s[1], entry);
      return;
    }
    if (s.length == 0 || !s[0].equals("shares") || s.length > 7) {
      throw new ProtocolError(404, ProtocolError.RESOURCE_DOES_NOT_EXIST, "no such endpoint");
    }
    Caller caller = authenticate(ex, entry);
    switch (s.length) {
      case 1 -> {
        requireMethod(ex, "GET");
        ListEndpoints.shares(ex, directory.shareOf(caller).map(List::of).orElse(List.of()));
      }
      case 2 -> {
        requireMethod(ex, "GET");
        ListEndpoints.share(ex, directory.share(caller, s[1]));
      }
      case 3 -> {
        requireMethod(ex, "GET");
        if (s[2].equals("schemas")) {
          ListEndpoints.schemas(ex, directory.share(caller, s[1]));
        } else if (s[2].equals("all-tables")) {
          ListEndpoints.tables(ex, directory.share(caller, s[1]));
        } else {
          throw new ProtocolError(404, ProtocolError.RESOURCE_DOES_NOT_EXIST, "no such endpoint");
        }
      }
      case 5 -> {
        requireSegments(s, "schemas", "tables");
        requireMethod(ex, "GET");
        VisibleShare share = directory.schema(caller, s[1], s[3]);
        ListEndpoints.tables(ex, share);
      }
      case 6 -> {
        requireSegments(s, "schemas", "tables");
        requireMethod(ex, "HEAD");
        tableEndpoints.version(ex, table(caller, s, entry), entry);
      }
      default -> tableOperation(ex, caller, entry);
    }
  }

  private void tableOperation(Exchange ex, Caller caller, AccessLog.Entry entry) throws Exception {
    String[] s = ex.segments;
    requireSegments(s, "schemas", "tables");
    switch (s[6]) {
      case "version" -> {
        requireMethod(ex, "GET");
        tableEndpoints.version(ex, table(caller, s, entry), entry);
      }
      case "metadata" -> {
        requireMethod(ex, "GET");
        tableEndpoints.metadata(ex, table(caller, s, entry), entry);
      }
      case "query" -> {
        requireMethod(ex, "POST");
        tableEndpoints.query(ex, table(caller, s, entry), entry);
      }
      case "changes" -> {
        requireMethod(ex, "GET");
        tableEndpoints.changes(ex, table(caller, s, entry), entry);
      }
      default -> throw new ProtocolError(404, ProtocolError.RESOURCE_DOES_NOT_EXIST, "no such endpoint");
    }
  }

  private SharedTable table(Caller caller, String[] s, AccessLog.Entry entry) {
    SharedTable table = directory.table(caller, s[1], s[3], s[5]);
    entry.table = table.name();
    return table;
  }

  private Caller authenticate(Exchange ex, AccessLog.Entry entry) {
    String header = ex.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ProtocolError.unauthenticated();
    }
    Optional<Caller> caller = tokens.authenticate(header.substring(7).trim());
    if (caller.isEmpty()) {
      throw ProtocolError.unauthenticated();
    }
    entry.recipient = caller.get().recipient();
    entry.connectorId = caller.get().connectorId();
    if (!limiter.tryAcquire(caller.get().tokenId())) {
      ex.setHeader("Retry-After", "1");
      throw new ProtocolError(429, ProtocolError.TOO_MANY_REQUESTS, "too many requests with this token; retry later");
    }
    return caller.get();
  }

  private static void requireSegments(String[] s, String second, String fourth) {
    if (!s[2].equals(second) || !s[4].equals(fourth)) {
      throw new ProtocolError(404, ProtocolError.RESOURCE_DOES_NOT_EXIST, "no such endpoint");
    }
  }

  private static void requireMethod(Exchange ex, String... allowed) {
    for (String method : allowed) {
      if (method.equals(ex.method())) {
        return;
      }
    }
    throw new ProtocolError(405, ProtocolError.UNSUPPORTED_OPERATION, ex.method() + " is not supported here");
  }

  private static ProtocolError internal(Exception e) {
    String reference = UUID.randomUUID().toString();
    log.warn("sharing request failed (reference {})", reference, e);
    return new ProtocolError(500, ProtocolError.INTERNAL_ERROR, "the server failed; reference " + reference);
  }

  private static int fail(Exchange ex, ProtocolError e) {
    if (ex.response.isCommitted()) {
      ex.callback.failed(e);
      return ex.response.getStatus();
    }
    try {
      if (e.status == 401) {
        ex.setHeader("WWW-Authenticate", "Bearer");
      }
      ex.json(e.status, json -> {
        json.writeStartObject();
        json.writeStringField("errorCode", e.errorCode);
        json.writeStringField("message", e.getMessage());
        json.writeEndObject();
      });
    } catch (java.io.IOException io) {
      ex.callback.failed(io);
    }
    return e.status;
  }

  /** The access log's name of what a request asks for. */
  private static String operation(String[] s) {
    if (s.length == 0) {
      return "unknown";
    }
    if (!s[0].equals("shares")) {
      return s[0];
    }
    return switch (s.length) {
      case 1 -> "list-shares";
      case 2 -> "get-share";
      case 3 -> s[2].equals("all-tables") ? "list-all-tables" : "list-schemas";
      case 5 -> "list-tables";
      case 6 -> "version";
      case 7 -> s[6];
      default -> "unknown";
    };
  }
}
