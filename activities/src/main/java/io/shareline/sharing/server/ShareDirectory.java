package io.shareline.sharing.server;

import io.shareline.lakehouse.Lakehouse;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.sharing.credential.RecipientTokens.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a caller may see: the share of the connector its token belongs to, if the recipient holds a grant
 * on it (Shareline's verifier always reads its own connector's share), with the tables shared in it.
 * Read from the local provider's state on every request, so a grant or table change shows at once.
 */
final class ShareDirectory {
  /** A table of a share as the recipient addresses it, with where it lives. */
  record SharedTable(String connectorId, String share, String schema, String name, String location) {}

  /** A share granted to the caller. */
  record VisibleShare(String connectorId, String name, String schema, List<SharedTable> tables) {}

  private final Lakehouse lakehouse;

  ShareDirectory(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
  }

  /** The caller's share, when it exists and is granted to the caller. */
  Optional<VisibleShare> shareOf(Caller caller) {
    Optional<LocalShareProvider.State> found = LocalShareProvider.readState(lakehouse, caller.connectorId());
    if (found.isEmpty()) {
      return Optional.empty();
    }
    LocalShareProvider.State state = found.get();
    boolean granted = caller.recipient().equals(RecipientTokens.VERIFIER) || state.grants().contains(caller.recipient());
    if (!granted) {
      return Optional.empty();
    }
    List<SharedTable> tables = new ArrayList<>();
    for (String name : state.sharedTables()) {
      String location = state.catalog().get(name);
      if (location != null) {
        tables.add(new SharedTable(caller.connectorId(), state.share(), state.schema(), name, location));
      }
    }
    return Optional.of(new VisibleShare(caller.connectorId(), state.share(), state.schema(), List.copyOf(tables)));
  }

  VisibleShare share(Caller caller, String name) {
    return shareOf(caller).filter(s -> s.name().equalsIgnoreCase(name))
        .orElseThrow(() -> ProtocolError.notFound("share " + name));
  }

  VisibleShare schema(Caller caller, String share, String schema) {
    VisibleShare visible = share(caller, share);
    if (!visible.schema().equalsIgnoreCase(schema)) {
      throw ProtocolError.notFound("schema " + share + "." + schema);
    }
    return visible;
  }

  SharedTable table(Caller caller, String share, String schema, String table) {
    return schema(caller, share, schema).tables().stream().filter(t -> t.name().equalsIgnoreCase(table)).findFirst()
        .orElseThrow(() -> ProtocolError.notFound("table " + share + "." + schema + "." + table));
  }

  /** The table a signed file URL names, if it is still shared (by connector id: the URL carries no token). */
  Optional<SharedTable> sharedTable(String connectorId, String table) {
    return LocalShareProvider.readState(lakehouse, connectorId).flatMap(state -> {
      String location = state.catalog().get(table);
      return state.sharedTables().contains(table) && location != null
          ? Optional.of(new SharedTable(connectorId, state.share(), state.schema(), table, location))
          : Optional.empty();
    });
  }
}
