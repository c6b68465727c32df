package dev.signet.server;

import dev.signet.server.objects.ObjectStoreSettings;
import dev.signet.server.store.DatabaseSettings;
import dev.signet.server.tls.TlsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a node is deployed beyond its address: how clients reach it, what identity its ARNs carry,
 * where its shared state lives. {@link #embedded()} is {@code signet server} with no configuration:
 * plain HTTP, us-east-1 / 000000000000, SQLite and files in the data directory, the master key
 * there.
 *
 * @param publicUrl the URL clients use (announced, written to {@code DATA/endpoint}); empty: derived
 *     from the bind address or endpoint host, https with TLS
 * @param tls the TLS certificate and key; empty: plain HTTP
 * @param allowPlaintext whether plain HTTP may listen on a non-loopback address
 * @param region the region in ARNs and the SigV4 scope
 * @param accountId the 12-digit account in ARNs
 * @param database the relational store
 * @param objects the object store
 * @param masterKeyFile the master key; empty: {@code DATA/master.key}, created on first start
 */
public record Deployment(
        Optional<URI> publicUrl,
        Optional<TlsConfig> tls,
        boolean allowPlaintext,
        String region,
        String accountId,
        DatabaseSettings database,
        ObjectStoreSettings objects,
        Optional<Path> masterKeyFile) {
    /** AWS's region name shape: {@code us-east-1}, {@code eu-central-2}, {@code us-gov-west-1}. */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    /** Twelve digits. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    public Deployment {
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(objects, "objects");
        Objects.requireNonNull(masterKeyFile, "masterKeyFile");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like us-east-1");
        }
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
        publicUrl.ifPresent(Deployment::requireBaseUrl);
    }

    /** {@code signet server} with no configuration. */
    public static Deployment embedded() {
        return new Deployment(
                Optional.empty(),
                Optional.empty(),
                false,
                "us-east-1",
                "000000000000",
                DatabaseSettings.embedded(),
                ObjectStoreSettings.filesystem(),
                Optional.empty());
    }

    /**
     * Whether {@code host} is a loopback address: {@code localhost}, 127.0.0.0/8 or ::1. Any other
     * name counts as reachable from elsewhere (it is not resolved: what it resolves to may change).
     */
    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")) {
            return true;
        }
        if (h.contains(":")) {
            try {
                // an IPv6 literal only (it contains ':'), so no name lookup happens
                return java.net.InetAddress.getByName(h).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * An absolute http(s) URL naming a host, with no user info, query or fragment, and no path
     * beyond "/" (the APIs are served at the root).
     *
     * @throws IllegalArgumentException otherwise
     */
    public static void requireBaseUrl(URI url) {
        boolean scheme = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
        boolean path = url.getRawPath() == null
                || url.getRawPath().isEmpty()
                || url.getRawPath().equals("/");
        if (!scheme
                || url.getHost() == null
                || url.getRawUserInfo() != null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || !path) {
            throw new IllegalArgumentException("must be an http:// or https:// URL of a host, with no path");
        }
    }
}
