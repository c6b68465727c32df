package dev.signet.core.crypto.pkcs11;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the PKCS#11 keys are: the module (the vendor's shared library), the label of the token
 * (which finds its slot and names the keys in their URIs), and how many signatures may run on the
 * token at once. Holds no PIN: the PIN is handed to {@link Pkcs11KeyBackend} separately and never
 * printed.
 *
 * @param module absolute path of the PKCS#11 module
 * @param tokenLabel the token's label, 1 to 32 bytes (at most 58 characters once percent-encoded)
 * @param sessions at most this many signatures at once (1 to 256)
 */
public record Pkcs11Settings(Path module, String tokenLabel, int sessions) {
    public static final int DEFAULT_SESSIONS = 8;

    public Pkcs11Settings {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        if (!module.isAbsolute()) {
            throw new IllegalArgumentException("the PKCS#11 module path must be absolute");
        }
        String text = module.toString();
        if (text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the PKCS#11 module path cannot hold quotes, backslashes or newlines");
        }
        // a key's URI path must fit a KeyHandle's key id: the label may take 58 characters of it
        String longest = "A".repeat(Pkcs11KeyBackend.ALIAS_LENGTH);
        if (new Pkcs11Uri(tokenLabel, longest, longest).path().length() > 128) {
            throw new IllegalArgumentException("the token label is too long for Signet's key URIs"
                    + " (at most 58 characters once percent-encoded)");
        }
        if (sessions < 1 || sessions > 256) {
            throw new IllegalArgumentException("sessions must be 1 to 256");
        }
    }

    /** SunPKCS11's configuration of the token in {@code slot} (inline form, without the leading {@code --}). */
    String providerConfig(long slot) {
        return "name = signet\n"
                + "library = \"" + module + "\"\n"
                + "slot = " + slot + "\n"
                // keys are born on the token, private, sensitive and non-extractable
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n"
                + "  CKA_PRIVATE = true\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n"
                + "}\n"
                // imported keys (C_CreateObject) too, though the token saw their value once
                + "attributes(import, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n"
                + "  CKA_PRIVATE = true\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n";
    }
}
