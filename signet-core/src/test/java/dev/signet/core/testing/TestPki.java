package dev.signet.core.testing;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.tsa.TimestampAuthority;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;

/** A master key, software key backend and CA in a temporary directory, for tests. */
public final class TestPki {
    public static final String ARN = "arn:aws:signer:us-east-1:000000000000:/signing-profiles/demo/AbCdEf1234";

    private final SoftwareKeyBackend keys;
    private final CertificateAuthority ca;
    private final Path dir;

    public TestPki(Path dir) {
        this.dir = dir;
        this.keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        this.ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet Tests");
    }

    /** The built-in time-stamp authority under this CA (created on first call). */
    public TimestampAuthority tsa() {
        return TimestampAuthority.openOrCreate(dir.resolve("tsa"), keys, ca, Clock.systemUTC());
    }

    /**
     * Another time-stamp authority under this CA, in its own subdirectory {@code name}, whose tokens
     * carry {@code clock}'s time (its certificate is valid from five minutes before that).
     */
    public TimestampAuthority tsa(String name, Clock clock) {
        return TimestampAuthority.openOrCreate(dir.resolve(name), keys, ca, clock);
    }

    /** The key backend holding this PKI's keys. */
    public SoftwareKeyBackend keys() {
        return keys;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public X509Certificate root() {
        return ca.root();
    }

    /** A new key with a code-signing certificate valid from {@code notBefore} to {@code notAfter}. */
    public SigningKey signingKey(KeyAlgorithm algorithm, Instant notBefore, Instant notAfter) {
        return signingKey(algorithm, notBefore, notAfter, ARN);
    }

    /** As {@link #signingKey(KeyAlgorithm, Instant, Instant)}, naming {@code uri} as its profile version. */
    public SigningKey signingKey(KeyAlgorithm algorithm, Instant notBefore, Instant notAfter, String uri) {
        KeyHandle handle = keys.generate(algorithm);
        X509Certificate leaf = ca.issueCodeSigning(keys.publicKey(handle), "demo", uri, notBefore, notAfter);
        return new SigningKey(keys, handle, ca.chainOf(leaf));
    }
}
