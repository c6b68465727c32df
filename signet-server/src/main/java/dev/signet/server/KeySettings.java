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
 */
public record KeySettings(
        Optional<Pkcs11Settings> pkcs11, Optional<Path> pinFile, Optional<String> pinVariable, String newProfileKeys) {
    /** Software keys only: the default. */
    public static final KeySettings SOFTWARE =
            new KeySettings(Optional.empty(), Optional.empty(), Optional.empty(), "software");

    public KeySettings {
        Objects.requireNonNull(pkcs11, "pkcs11");
        Objects.requireNonNull(pinFile, "pinFile");
        Objects.requireNonNull(pinVariable, "pinVariable");
        Objects.requireNonNull(newProfileKeys, "newProfileKeys");
        if (!newProfileKeys.equals("software") && !newProfileKeys.equals("pkcs11")) {
            throw new IllegalArgumentException("new profile keys go to software or pkcs11, not " + newProfileKeys);
        }
        if (newProfileKeys.equals("pkcs11") && pkcs11.isEmpty()) {
            throw new IllegalArgumentException("new profile keys cannot go to pkcs11: no PKCS#11 token is configured");
        }
        if (pkcs11.isPresent() && pinFile.isPresent() == pinVariable.isPresent()) {
            throw new IllegalArgumentException(
                    "a PKCS#11 token needs its PIN from exactly one of a file or a variable");
        }
    }

    /** Profile keys generated in the token {@code settings} names, its PIN in {@code pinFile}. */
    public static KeySettings pkcs11(Pkcs11Settings settings, Path pinFile) {
        return new KeySettings(Optional.of(settings), Optional.of(pinFile), Optional.empty(), "pkcs11");
    }
}
