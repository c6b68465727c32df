package dev.signet.server;

import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendRouter;
import dev.signet.core.crypto.pkcs11.Pkcs11KeyBackend;
import dev.signet.core.crypto.pkcs11.Pkcs11Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens the key backends {@link KeySettings} names. A PKCS#11 token that cannot be used at start
 * (module missing or not loadable, no token with the label, a PIN that is missing or wrong) stops
 * the start with one line naming the setting to fix; the PIN itself is never part of a message.
 */
final class KeyBackends {
    private KeyBackends() {}

    static KeyBackendRouter open(KeyBackend software, KeySettings settings) {
        List<KeyBackend> backends = new ArrayList<>(List.of(software));
        settings.pkcs11().ifPresent(pkcs11 -> backends.add(openPkcs11(pkcs11, settings)));
        return new KeyBackendRouter(backends, software.name());
    }

    private static Pkcs11KeyBackend openPkcs11(Pkcs11Settings pkcs11, KeySettings settings) {
        String pinSetting = settings.pinFile().isPresent() ? "keys.pkcs11.pin-file" : "keys.pkcs11.pin-env";
        char[] pin = pin(settings, pinSetting);
        try {
            return new Pkcs11KeyBackend(pkcs11, pin);
        } catch (KeyBackendException e) {
            throw new SignetServerException(settingOf(e, pinSetting) + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** Which setting a failure to open the token points at (the backend's messages name the cause). */
    private static String settingOf(KeyBackendException e, String pinSetting) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("PIN")) {
            return pinSetting;
        }
        if (message.contains("labelled")) {
            return "keys.pkcs11.token-label";
        }
        return "keys.pkcs11.module";
    }

    private static char[] pin(KeySettings settings, String setting) {
        String pin;
        if (settings.pinFile().isPresent()) {
            try {
                String text = Files.readString(settings.pinFile().get());
                int end = text.indexOf('\n');
                pin = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            } catch (IOException e) {
                throw new SignetServerException(
                        setting + ": cannot read the PIN file "
                                + settings.pinFile().get() + " (" + e.getClass().getSimpleName() + ")",
                        e);
            }
        } else {
            String variable = settings.pinVariable().orElseThrow();
            pin = System.getenv(variable);
            if (pin == null) {
                throw new SignetServerException(setting + ": the environment variable " + variable + " is not set");
            }
        }
        if (pin.isEmpty()) {
            throw new SignetServerException(setting + ": the PIN is empty");
        }
        return pin.toCharArray();
    }
}
