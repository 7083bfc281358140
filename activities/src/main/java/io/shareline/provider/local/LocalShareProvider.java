package io.shareline.provider.local;

import io.shareline.common.Failures;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.Provisioned;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.JsonFiles;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import io.shareline.sharing.credential.RecipientTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedded default: shares, recipients, grants and the table catalog kept as provider state on
 * disk ({@code provider/local/<connector>.json}), over the Delta tables of the lakehouse. Recipients read
 * the shares through Shareline's Delta Sharing server; with one configured ({@link LocalSharing}), token
 * recipients get one-time activation links and VERIFY reads every share through the protocol.
 */
public final class LocalShareProvider implements ShareProvider {
  public static final String NAME = "local";

  /** The provider state of one connector. */
  public record State(String share, String schema, String recipient, String recipientType, String storagePath,
      List<String> grants, List<String> sharedTables, Map<String, String> catalog) {
    public State {
      grants = grants == null ? List.of() : List.copyOf(grants);
      sharedTables = sharedTables == null ? List.of() : List.copyOf(sharedTables);
      catalog = catalog == null ? Map.of() : new TreeMap<>(catalog);
    }
  }

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final JsonFiles files;
  private final TokenRecipients tokenRecipients;
  private final ShareVerifier verifier;

  public LocalShareProvider(Lakehouse lakehouse, DeltaTables tables) {
    this(lakehouse, tables, LocalSharing.NONE);
  }

  public LocalShareProvider(Lakehouse lakehouse, DeltaTables tables, LocalSharing sharing) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.files = new JsonFiles(lakehouse.conf());
    RecipientTokens tokens = new RecipientTokens(lakehouse, Clock.systemUTC());
    this.tokenRecipients = new TokenRecipients(tokens, sharing);
    this.verifier = sharing.served() ? new ShareVerifier(tokens, sharing.verifyEndpoint(), tables, Clock.systemUTC()) : null;
  }

  @Override
  public synchronized Provisioned provision(ConnectorSpec spec, String storagePath) {
    State state = read(spec).orElse(null);
    if (state == null) {
      String share = "shareline_" + spec.connectorId().replaceAll("[^A-Za-z0-9_]", "_");
      state = new State(share, share, recipientOf(spec), "TOKEN", storagePath, List.of(recipientOf(spec)), List.of(), Map.of());
    } else if (!state.grants().contains(recipientOf(spec))) {
      List<String> grants = new ArrayList<>(state.grants());
      grants.add(recipientOf(spec));
      state = new State(state.share(), state.schema(), recipientOf(spec), state.recipientType(), storagePath, grants,
          state.sharedTables(), state.catalog());
    }
    write(spec, state);
    if (spec.tokenRecipient()) {
      tokenRecipients.ensureActivated(spec.connectorId(), state.recipient());
    }
    return new Provisioned(state.share(), state.recipient(), state.schema(), state.storagePath());
  }

  @Override
  public synchronized EmptyShareVerified verifyEmptyShare(ConnectorSpec spec, List<String> metadataTables) {
    State state = require(spec);
    boolean granted = state.grants().contains(state.recipient());
    if (!granted) {
      throw new ProviderException(Failures.PROVIDER_PERMISSION_DENIED,
          "recipient " + state.recipient() + " holds no grant on share " + state.share());
    }
    int dataTables = verifier != null ? verifier.visibleDataTables(spec.connectorId(), state, metadataTables)
        : (int) state.sharedTables().stream().filter(t -> !metadataTables.contains(t)).count();
    return new EmptyShareVerified(state.share(), state.recipient(), true, dataTables);
  }

  /**
   * With a sharing server: its verifier recipient reads the share through the protocol, and must find the
   * table listed, at the version the lakehouse holds, with its schema and the rows loaded. Without one (the
   * provider used alone, e.g. by tests of other stages): the share listing of {@link #view}.
   */
  @Override
  public String proveShared(ConnectorSpec spec, ExpectedTable expected) {
    if (verifier == null) {
      return ShareProvider.super.proveShared(spec, expected);
    }
    State state = require(spec);
    String location = state.catalog().get(expected.name());
    if (location == null || !state.sharedTables().contains(expected.name())) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, expected.name() + " is not in share " + state.share());
    }
    long rows = verifier.visibleRows(spec.connectorId(), state, expected.name(), location);
    if (rows != expected.rows()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, expected.name() + " shows its recipient " + rows
          + " rows through the sharing protocol, the table holds " + expected.rows());
    }
    return "sharing protocol (verifier recipient)";
  }

  @Override
  public TokenRotated rotateToken(ConnectorSpec spec, Duration existingTokenExpiresIn) {
    return tokenRecipients.rotate(spec.connectorId(), require(spec).recipient(), existingTokenExpiresIn);
  }

  @Override
  public synchronized void registerTables(ConnectorSpec spec, Map<String, String> locations) {
    State state = require(spec);
    Map<String, String> catalog = new TreeMap<>(state.catalog());
    catalog.putAll(locations);
    write(spec, new State(state.share(), state.schema(), state.recipient(), state.recipientType(),
        state.storagePath(), state.grants(), state.sharedTables(), catalog));
  }

  @Override
  public synchronized List<String> addToShare(ConnectorSpec spec, List<String> names) {
    State state = require(spec);
    List<String> shared = new ArrayList<>(state.sharedTables());
    for (String name : names) {
      if (!state.catalog().containsKey(name)) {
        throw new ProviderException(Failures.PROVIDER_INVALID, "table " + name + " is not registered for " + spec.connectorId());
      }
      if (!shared.contains(name)) {
        shared.add(name);
      }
    }
    List<String> grants = state.grants().contains(state.recipient()) ? state.grants()
        : concat(state.grants(), state.recipient());
    write(spec, new State(state.share(), state.schema(), state.recipient(), state.recipientType(),
        state.storagePath(), grants, shared, state.catalog()));
    return List.copyOf(shared);
  }

  @Override
  public synchronized ShareView view(ConnectorSpec spec) {
    State state = require(spec);
    Map<String, String> visible = new LinkedHashMap<>();
    for (String name : state.sharedTables()) {
      String location = state.catalog().get(name);
      if (location != null && tables.exists(location)) {
        visible.put(name, location);
      }
    }
    return new ShareView(state.share(), state.recipient(), state.grants().contains(state.recipient()), visible);
  }

  @Override
  public synchronized boolean revoke(ConnectorSpec spec, boolean purge) {
    State state = read(spec).orElse(null);
    if (state == null) {
      return false;
    }
    tokenRecipients.revoke(spec.connectorId(), state.recipient());
    List<String> grants = new ArrayList<>(state.grants());
    boolean removed = grants.remove(state.recipient());
    write(spec, new State(state.share(), state.schema(), state.recipient(), state.recipientType(), state.storagePath(),
        grants, purge ? List.of() : state.sharedTables(), purge ? Map.of() : state.catalog()));
    return removed;
  }

  /** The provider state, for the CLI and tests. */
  public java.util.Optional<State> read(ConnectorSpec spec) {
    return readState(lakehouse, spec.connectorId());
  }

  /** A connector's provider state under a data folder, as the sharing server reads it. */
  public static java.util.Optional<State> readState(Lakehouse lakehouse, String connectorId) {
    try {
      return new JsonFiles(lakehouse.conf()).read(lakehouse.providerPath(NAME, connectorId), State.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private State require(ConnectorSpec spec) {
    return read(spec).orElseThrow(() -> new ProviderException(Failures.PROVIDER_INVALID,
        "connector " + spec.connectorId() + " is not provisioned on the local provider"));
  }

  private void write(ConnectorSpec spec, State state) {
    try {
      files.write(lakehouse.providerPath(NAME, spec.connectorId()), state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String recipientOf(ConnectorSpec spec) {
    return spec.recipient() == null || spec.recipient().isBlank() ? spec.connectorId() + "-recipient" : spec.recipient();
  }

  private static List<String> concat(List<String> list, String item) {
    List<String> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }
}
