package dev.signet.server.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server speaks TLS: a PEM certificate chain and its PEM private key, re-read when either
 * file changes, and optionally the CA(s) whose client certificates it requires (mutual TLS).
 *
 * @param certificate PEM file: the server certificate first, then its intermediates
 * @param key PEM file: the private key (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 or OpenSSL-encrypted
 *     with {@code keyPassphraseFile})
 * @param keyPassphraseFile file holding the key's passphrase (its first line), when the key is encrypted
 * @param clientCa PEM file of the CA certificates a client certificate must chain to; present: a
 *     client without a certificate (or with one these CAs did not issue) is refused during the handshake
 * @param reloadInterval how often the files are checked for changes (1 s to 1 h)
 */
public record TlsConfig(
        Path certificate,
        Path key,
        Optional<Path> keyPassphraseFile,
        Optional<Path> clientCa,
        Duration reloadInterval) {
    /** How often the certificate and key files are checked unless configured otherwise. */
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyPassphraseFile, "keyPassphraseFile");
        Objects.requireNonNull(clientCa, "clientCa");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.compareTo(Duration.ofSeconds(1)) < 0 || reloadInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("reloadInterval must be 1 s..1 h");
        }
    }
}
