package io.shareline.worker.preflight;

import io.shareline.connector.SnowflakeRecipient;
import io.shareline.provider.ProviderException;
import io.shareline.provider.snowflake.SnowflakeAccountId;
import io.shareline.provider.snowflake.SnowflakePreflight;
import io.shareline.provider.snowflake.SnowflakeSettings;
import io.shareline.provider.snowflake.SnowflakeShareProvider;
import io.shareline.worker.config.WorkerSettings;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code connector check --provider snowflake}: the read-only preflight of the provider account with the
 * worker's settings, then what onboarding needs besides it: a stage URL for the data folder and, when given,
 * the consumer account in a form Snowflake takes.
 */
final class SnowflakeCheck {
  private SnowflakeCheck() {}

  static int run(WorkerSettings worker, String recipient, PrintWriter out) {
    if (worker.snowflake() == null) {
      throw new IllegalArgumentException("snowflake.account is not set (config file or SHARELINE_SNOWFLAKE_ACCOUNT)");
    }
    SnowflakeSettings settings = worker.snowflake().settings();
    HttpClient http = HttpClient.newHttpClient();
    List<SnowflakePreflight.Check> checks = new ArrayList<>(new SnowflakePreflight(id -> settings.client(http,
        Clock.systemUTC())).run(settings.target(null, null, null)));
    String stageUrl = worker.snowflake().stageUrl() != null ? worker.snowflake().stageUrl()
        : SnowflakeShareProvider.stageRootOf(worker.dataDir());
    checks.add(new SnowflakePreflight.Check("stage url", stageUrl != null, true,
        stageUrl != null ? stageUrl : "data-dir " + worker.dataDir() + " is not on S3",
        "set data-dir to s3a://<ingestion bucket>/<prefix>, or snowflake.stage-url to the S3 URL of the data folder"));
    if (recipient != null) {
      checks.add(consumer(recipient));
    }
    out.println("account " + settings.account() + ", user " + settings.user() + ", role " + settings.role()
        + ", warehouse " + settings.warehouse());
    checks.forEach(c -> out.println(c.line()));
    boolean fails = checks.stream().anyMatch(c -> c.required() && !c.passed());
    out.println(fails ? "onboarding would fail: fix the MISS lines above" : "ready for onboarding");
    out.flush();
    return fails ? 1 : 0;
  }

  private static SnowflakePreflight.Check consumer(String recipient) {
    try {
      SnowflakeRecipient consumer = SnowflakeRecipient.parse(recipient);
      SnowflakeAccountId id = SnowflakeAccountId.parse(consumer.account());
      return new SnowflakePreflight.Check("consumer account", true, true, id.sqlForm()
          + (consumer.region() == null ? " (region not given: a consumer in another region is refused only by"
          + " Snowflake at PROVISION)" : " in " + consumer.region()), "");
    } catch (IllegalArgumentException | ProviderException e) {
      return new SnowflakePreflight.Check("consumer account", false, true, "'" + recipient + "'", e.getMessage());
    }
  }
}
