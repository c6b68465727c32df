package dev.signet.cli.server.config;

import dev.signet.server.Deployment;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value checks settings use; each refuses with a message that reads after the setting's name. */
final class Checks {
    private static final Pattern LISTEN = Pattern.compile("(\\[[0-9A-Fa-f:.%a-zA-Z]+\\]|[^\\[\\]:]+):([0-9]{1,5})");
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private Checks() {}

    /** Any one-line text without control characters. */
    static Check text() {
        return new Check("text", raw -> {
            if (raw.isEmpty() || raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("must be one line of text, got '" + printable(raw) + "'");
            }
            return raw;
        });
    }

    static Check oneOf(String... values) {
        List<String> allowed = List.of(values);
        String shape = String.join("|", allowed);
        return new Check(shape, raw -> {
            String v = raw.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                throw new IllegalArgumentException("must be " + shape + ", got '" + printable(raw) + "'");
            }
            return v;
        });
    }

    static Check bool() {
        return oneOf("true", "false");
    }

    static Check integer(int min, int max) {
        return new Check(min + ".." + max, raw -> {
            try {
                int n = Integer.parseInt(raw.strip());
                if (n >= min && n <= max) {
                    return Integer.toString(n);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException(
                    "must be a whole number from " + min + " to " + max + ", got '" + printable(raw) + "'");
        });
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}, {@code 30s}, {@code 500ms} or ISO-8601, within bounds. */
    static Check duration(Duration min, Duration max) {
        return new Check("duration (7d, 36h, 90m, 30s, 500ms, PT1H)", raw -> {
            Duration d = parseDuration(raw);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(
                        "must be from " + show(min) + " to " + show(max) + ", got '" + printable(raw) + "'");
            }
            return raw.strip();
        });
    }

    static Duration parseDuration(String raw) {
        String t = raw.strip();
        try {
            Matcher m = Pattern.compile("([0-9]{1,12})(ms|d|h|m|s)").matcher(t.toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            }
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
        } catch (ArithmeticException | DateTimeParseException e) {
            // refused below
        }
        throw new IllegalArgumentException(
                "must be a duration like 7d, 36h, 90m, 30s, 500ms or P7D, got '" + printable(raw) + "'");
    }

    /** {@code host:port}: an IPv4 address or host name, or an IPv6 address in brackets; port 0..65535. */
    static Check listen() {
        return new Check("host:port ([v6]:port)", raw -> {
            HostPort hp = hostPort(raw);
            return hp.text();
        });
    }

    record HostPort(String host, int port) {
        /** The bindable host: IPv6 without brackets. */
        String bindHost() {
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }

        String text() {
            return host + ":" + port;
        }
    }

    static HostPort hostPort(String raw) {
        String t = raw.strip();
        Matcher m = LISTEN.matcher(t);
        if (m.matches()) {
            String host = m.group(1);
            int port = Integer.parseInt(m.group(2));
            boolean hostOk = host.startsWith("[") || HOST_NAME.matcher(host).matches();
            if (port <= 65535 && hostOk) {
                return new HostPort(host, port);
            }
        }
        throw new IllegalArgumentException("must be host:port (e.g. 127.0.0.1:8080, 0.0.0.0:8443, [::]:8443),"
                + " port 0..65535, got '" + printable(raw) + "'");
    }

    /** An existing regular file (a relative path is taken from the working directory). */
    static Check file() {
        return new Check("file", raw -> {
            Path p = path(raw);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such file " + p);
            }
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("not a regular file: " + p);
            }
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read " + p);
            }
            return p.toString();
        });
    }

    /** A directory path (created on start if absent). */
    static Check directory() {
        return new Check("directory", raw -> {
            Path p = path(raw);
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IllegalArgumentException("not a directory: " + p);
            }
            return p.toString();
        });
    }

    static Path path(String raw) {
        try {
            if (raw.isBlank() || raw.indexOf('\0') >= 0) {
                throw new InvalidPathException(raw, "empty");
            }
            return Path.of(raw.strip());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a file path, got '" + printable(raw) + "'");
        }
    }

    /** An http:// or https:// URL of a host, without path, query or user info. */
    static Check baseUrl() {
        return new Check("http(s)://host[:port]", raw -> {
            try {
                URI url = new URI(raw.strip());
                Deployment.requireBaseUrl(url);
                String text = url.toString();
                // clients append paths to it: https://signet.example/ is https://signet.example
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "must be an http:// or https:// URL of a host with no path, got '" + printable(raw) + "'");
            }
        });
    }

    /** An http:// URL (the CRL distribution point). */
    static Check httpUrl() {
        return new Check("http://URL", raw -> {
            try {
                URI url = new URI(raw.strip());
                dev.signet.core.ca.CertificateAuthority.requireHttpUrl(url);
                return url.toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException("must be an http:// URL, got '" + printable(raw) + "'");
            }
        });
    }

    static Check matching(Pattern pattern, String shape) {
        return new Check(shape, raw -> {
            String v = raw.strip();
            if (!pattern.matcher(v).matches()) {
                throw new IllegalArgumentException("must be " + shape + ", got '" + printable(raw) + "'");
            }
            return v;
        });
    }

    static Check bucket() {
        return matching(BUCKET, "an S3 bucket name (3-63 of a-z 0-9 . -)");
    }

    /** {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST[:PORT]/DB[?...]}. */
    static Check jdbcUrl() {
        return new Check("jdbc:sqlite:FILE | jdbc:postgresql://host[:port]/db", raw -> {
            String v = raw.strip();
            if (v.startsWith("jdbc:sqlite:")) {
                String file = v.substring("jdbc:sqlite:".length());
                if (!file.isEmpty()
                        && !file.contains("?")
                        && !file.startsWith(":memory:")
                        && !file.startsWith("file:")) {
                    return "jdbc:sqlite:" + path(file);
                }
            } else if (v.startsWith("jdbc:postgresql://") && v.length() > "jdbc:postgresql://".length()) {
                text().apply(v);
                return v;
            }
            throw new IllegalArgumentException(
                    "must be jdbc:sqlite:FILE or jdbc:postgresql://host[:port]/database, got '"
                            + printable(redactUrl(v)) + "'");
        });
    }

    /** A JDBC or other URL with any password parameter or user info replaced, for messages and printing. */
    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1<redacted>").replaceAll("//[^/@]*@", "//<redacted>@");
    }

    static String printable(String raw) {
        String shown = raw.length() > 80 ? raw.substring(0, 80) + "..." : raw;
        StringBuilder b = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static String show(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
