package io.shareline.provider;

import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import java.util.Map;

/** Picks the provider a connector names. */
public final class ShareProviders {
  private final Map<String, ShareProvider> byName;

  public ShareProviders(Map<String, ShareProvider> byName) {
    this.byName = Map.copyOf(byName);
  }

  public ShareProvider of(ConnectorSpec spec) {
    ShareProvider provider = byName.get(spec.provider());
    if (provider == null) {
      throw new ProviderException(Failures.CONFIG_INVALID,
          "provider '" + spec.provider() + "' is not configured on this worker (available: " + byName.keySet() + ")");
    }
    return provider;
  }
}
