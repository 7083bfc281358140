package io.shareline.connector;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The consumer account of a Snowflake connector as the customer names it: organization and account name (or
 * an account locator) and, when known, the region, as one recipient text {@code ORG.ACCOUNT[@REGION]} with
 * the region in the form {@code CURRENT_REGION()} gives ({@code AWS_US_EAST_1}). Knowing the region lets
 * PROVISION refuse a direct share to another region with the fix, before Snowflake does.
 *
 * @param account the account identifier (ORG.ACCOUNT, ORG-ACCOUNT or a locator), upper case
 * @param region  the Snowflake region id, or null when not given
 */
public record SnowflakeRecipient(String account, String region) {
  private static final Pattern CLOUD_REGION = Pattern.compile("(AWS|AZURE|GCP)_[A-Z0-9_]+");
  /** AWS region names ({@code us-east-1}, {@code eu-central-1}) tell their cloud; Azure's and GCP's do not. */
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-[0-9]");

  /**
   * From the customer's inputs: organization (null when {@code account} is a locator), account name or
   * locator, region ({@code us-east-1}, {@code US East 1}, {@code AWS_US_EAST_1}) and cloud (optional when
   * the region makes it clear).
   */
  public static SnowflakeRecipient of(String organization, String account, String region, String cloud) {
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("the consumer's Snowflake account name or locator is required");
    }
    String id = (organization == null || organization.isBlank() ? "" : organization.trim() + ".") + account.trim();
    return new SnowflakeRecipient(id.toUpperCase(Locale.ROOT), region == null || region.isBlank() ? null
        : regionId(region, cloud));
  }

  /** Parses {@code ORG.ACCOUNT[@REGION]} as {@link #text()} writes it. */
  public static SnowflakeRecipient parse(String text) {
    String t = text == null ? "" : text.trim();
    int at = t.indexOf('@');
    String account = (at < 0 ? t : t.substring(0, at)).toUpperCase(Locale.ROOT);
    if (account.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' names no Snowflake account: use ORG.ACCOUNT[@REGION]");
    }
    return new SnowflakeRecipient(account, at < 0 ? null : regionId(t.substring(at + 1), null));
  }

  /** The recipient text a {@link ConnectorSpec} carries. */
  public String text() {
    return region == null ? account : account + "@" + region;
  }

  /** {@code AWS_US_EAST_1} from {@code us-east-1} (+ cloud), {@code US East 1} + {@code AWS}, or the id itself. */
  static String regionId(String region, String cloud) {
    String r = region.trim();
    String id = r.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    if (CLOUD_REGION.matcher(id).matches()) {
      return id;
    }
    if (cloud != null && !cloud.isBlank()) {
      return cloud.trim().toUpperCase(Locale.ROOT) + "_" + id;
    }
    String lower = r.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    if (AWS_REGION.matcher(lower).matches()) {
      return "AWS_" + id;
    }
    throw new IllegalArgumentException("region '" + region + "' does not say its cloud: give the cloud (aws, azure,"
        + " gcp) or the region as CURRENT_REGION() names it (AWS_US_EAST_1)");
  }
}
