package dev.signet.server;

import dev.signet.core.crypto.pkcs11.Pkcs11Settings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The key backends of a node and where new keys go. The software backend (keys sealed under the
 * master key) is always there; a PKCS#11 token is added by {@code pkcs11}, whose PIN comes from a
 * file ({@code pinFile}) or from the environment variable {@code pinVariable} names, never from the
 * configuration itself.
 *
 * @param pkcs11 the token, if any
 * @param pinFile the file holding the token's user PIN (its first line)
 * @param pinVariable the name of the environment variable holding the PIN
 * @param newProfileKeys the backend that generates the keys of new profile versions: {@code
 *     software} or {@code pkcs11}
 * @param newCaKeys the backend that generates the keys of a new CA, TSA or CA renewal: {@code
 *     software} or {@code pkcs11}; keys already made stay where they are
 */
public record KeySettings(
        Optional<Pkcs11Settings> pkcs11,
        Optional<Path> pinFile,
        Optional<String> pinVariable,
        String newProfileKeys,
        String newCaKeys) {
    /** Software keys only: the default. */
    public static final KeySettings SOFTWARE =
            new KeySettings(Optional.empty(), Optional.empty(), Optional.empty(), "software");

    /** New CA and TSA keys in software. */
    public KeySettings(
            Optional<Pkcs11Settings> pkcs11,
            Optional<Path> pinFile,
            Optional<String> pinVariable,
            String newProfileKeys) {
        this(pkcs11, pinFile, pinVariable, newProfileKeys, "software");
    }

    public KeySettings {
        Objects.requireNonNull(pkcs11, "pkcs11");
        Objects.requireNonNull(pinFile, "pinFile");
        Objects.requireNonNull(pinVariable, "pinVariable");
        requireBackend("profile", newProfileKeys, pkcs11);
        requireBackend("CA", newCaKeys, pkcs11);
        if (pkcs11.isPresent() && pinFile.isPresent() == pinVariable.isPresent()) {
            throw new IllegalArgumentException(
                    "a PKCS#11 token needs its PIN from exactly one of a file or a variable");
        }
    }

    private static void requireBackend(String kind, String target, Optional<Pkcs11Settings> pkcs11) {
        Objects.requireNonNull(target, "new " + kind + " keys");
        if (!target.equals("software") && !target.equals("pkcs11")) {
            throw new IllegalArgumentException("new " + kind + " keys go to software or pkcs11, not " + target);
        }
        if (target.equals("pkcs11") && pkcs11.isEmpty()) {
            throw new IllegalArgumentException(
                    "new " + kind + " keys cannot go to pkcs11: no PKCS#11 token is configured");
        }
    }

    /** These settings with new CA and TSA keys generated in {@code target} ({@code software} or {@code pkcs11}). */
    public KeySettings withNewCaKeys(String target) {
        return new KeySettings(pkcs11, pinFile, pinVariable, newProfileKeys, target);
    }

    /** Profile keys generated in the token {@code settings} names, its PIN in {@code pinFile}. */
    public static KeySettings pkcs11(Pkcs11Settings settings, Path pinFile) {
        return new KeySettings(Optional.of(settings), Optional.of(pinFile), Optional.empty(), "pkcs11");
    }
}
