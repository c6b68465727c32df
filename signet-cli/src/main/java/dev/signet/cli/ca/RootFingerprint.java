package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a root certificate as {@code openssl x509 -noout -fingerprint -sha256}
 * prints it ({@code AB:CD:...}, over the DER encoding): what {@code signet server} logs at start-up,
 * what {@code signet ca export} prints, and what {@code --fingerprint} pins.
 */
public final class RootFingerprint {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    private RootFingerprint() {}

    public static String of(X509Certificate certificate) {
        try {
            return COLONS.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 over a parsed certificate cannot fail", e);
        }
    }

    /**
     * A pinned fingerprint as the user may give it: 64 hex digits, colons and case free, optionally
     * after {@code SHA256:} or openssl's {@code sha256 Fingerprint=}; in the form {@link #of} gives.
     *
     * @throws CliException (usage) for anything else
     */
    static String parsePin(String pin) {
        String s = pin.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"sha256 fingerprint=", "sha2-256:", "sha-256:", "sha256:"}) {
            if (lower.startsWith(prefix)) {
                s = s.substring(prefix.length());
                break;
            }
        }
        String hex = s.replace(":", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw CliException.usage("--fingerprint: expected the root's SHA-256 fingerprint, 64 hex digits"
                    + " (e.g. as `openssl x509 -noout -fingerprint -sha256 -in root.pem` prints it)");
        }
        return COLONS.formatHex(HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT)));
    }
}
