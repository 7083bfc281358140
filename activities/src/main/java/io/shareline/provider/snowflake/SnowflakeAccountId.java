package io.shareline.provider.snowflake;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Snowflake account identifier in one of its documented forms: {@code ORG-ACCOUNT} (the URL form),
 * {@code ORG.ACCOUNT} (the SQL form, as in {@code ALTER SHARE … ADD ACCOUNTS}) or an account locator,
 * optionally followed by its region and cloud ({@code xy12345.us-east-2.aws}). Each use needs its own
 * spelling: the JWT wants {@code ORG-ACCOUNT} or the bare locator in upper case, SQL wants
 * {@code ORG.ACCOUNT}, the host wants the lower-case URL form.
 */
public record SnowflakeAccountId(String organization, String account, String locator, String locatorRegion) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern LOCATOR = Pattern.compile("[A-Za-z]{2}[0-9]{5,}");

  /** Parses the identifier, or fails with the accepted forms (CONFIG_INVALID). */
  public static SnowflakeAccountId parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.toLowerCase(Locale.ROOT).endsWith(".snowflakecomputing.com")) {
      t = t.substring(0, t.length() - ".snowflakecomputing.com".length());
    }
    String[] dot = t.split("\\.", -1);
    if (dot.length >= 1 && LOCATOR.matcher(dot[0]).matches()) {
      String region = dot.length > 1 ? String.join(".", java.util.Arrays.copyOfRange(dot, 1, dot.length)) : null;
      return new SnowflakeAccountId(null, null, dot[0].toUpperCase(Locale.ROOT), region);
    }
    String[] parts = dot.length == 2 ? dot : t.split("-", 2);
    if (parts.length == 2 && NAME.matcher(parts[0]).matches() && NAME.matcher(parts[1].replace('-', '_')).matches()) {
      return new SnowflakeAccountId(parts[0].toUpperCase(Locale.ROOT), parts[1].replace('-', '_').toUpperCase(Locale.ROOT),
          null, null);
    }
    throw new ProviderException(Failures.CONFIG_INVALID, "'" + text + "' is not a Snowflake account identifier: use"
        + " ORGNAME-ACCOUNTNAME or ORGNAME.ACCOUNTNAME (SELECT CURRENT_ORGANIZATION_NAME(), CURRENT_ACCOUNT_NAME()"
        + " in the account shows both), or the account locator (SELECT CURRENT_ACCOUNT())");
  }

  public boolean isLocator() {
    return locator != null;
  }

  /** The account part of the JWT's {@code iss} and {@code sub}: upper case, locator without region. */
  public String jwtAccount() {
    return isLocator() ? locator : organization + "-" + account;
  }

  /** The form SQL statements name a consumer account by ({@code ALTER SHARE … ADD ACCOUNTS = …}). */
  public String sqlForm() {
    return isLocator() ? locator : organization + "." + account;
  }

  /** The documented host: underscores become hyphens in the URL form. */
  public String host() {
    String name = isLocator()
        ? locator + (locatorRegion == null ? "" : "." + locatorRegion)
        : organization + "-" + account.replace('_', '-');
    return name.toLowerCase(Locale.ROOT) + ".snowflakecomputing.com";
  }
}
