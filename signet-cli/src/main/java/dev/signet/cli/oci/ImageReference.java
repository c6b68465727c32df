package dev.signet.cli.oci;

import dev.signet.cli.CliException;
import dev.signet.core.format.notation.OciDescriptor;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image in a registry named by digest: {@code [http://]HOST[:PORT]/REPO@sha256:HEX}. Tags are
 * refused: a signature names one exact manifest, so the caller must say which. Plain HTTP is used
 * only for a loopback registry ({@code 127.0.0.1}, {@code localhost}, {@code [::1]}) and only when
 * asked ({@code http://} prefix or {@code --insecure-registry}); everything else is HTTPS.
 */
public record ImageReference(URI base, String repository, String digest) {
    private static final Pattern REF =
            Pattern.compile("(?:(https?)://)?([A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[::1\\](?::[0-9]{1,5})?)/"
                    + "([a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*){0,8})(?::([A-Za-z0-9_.-]{1,128}))?"
                    + "(?:@(.+))?");

    public ImageReference {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(repository, "repository");
        if (!OciDescriptor.isDigest(digest)) {
            throw new IllegalArgumentException("not an OCI digest");
        }
    }

    public static ImageReference parse(String ref, boolean insecure) {
        Matcher m = REF.matcher(ref == null ? "" : ref);
        if (!m.matches()) {
            throw CliException.usage("not an image reference: expected [http://]REGISTRY/REPO@sha256:HEX");
        }
        String host = m.group(2);
        if (m.group(5) == null) {
            throw CliException.usage("image " + ref + " names no digest: sign and verify images by digest "
                    + "(REGISTRY/REPO@sha256:HEX), not by tag");
        }
        if (!OciDescriptor.isDigest(m.group(5))) {
            throw CliException.usage("image digest must be sha256:<64 hex>, sha384:<96 hex> or sha512:<128 hex>");
        }
        boolean http = "http".equals(m.group(1)) || (m.group(1) == null && insecure);
        if (http && !isLoopback(host)) {
            throw CliException.usage("plain HTTP is allowed only for a registry on the loopback interface");
        }
        return new ImageReference(URI.create((http ? "http://" : "https://") + host), m.group(3), m.group(5));
    }

    private static boolean isLoopback(String hostPort) {
        String host = hostPort.startsWith("[")
                ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                : hostPort.replaceFirst(":[0-9]+$", "");
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    @Override
    public String toString() {
        return base.getAuthority() + "/" + repository + "@" + digest;
    }
}
