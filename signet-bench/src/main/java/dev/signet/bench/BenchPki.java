package dev.signet.bench;

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
import java.time.Duration;
import java.time.Instant;

/**
 * A master key, a {@link SoftwareKeyBackend} and a real {@link CertificateAuthority} in a directory
 * the caller owns (and deletes), as Signet's server and core tests set them up. Keys get a
 * code-signing certificate valid from an hour ago for 30 days.
 */
public final class BenchPki {
    public static final String PROFILE_VERSION_ARN =
            "arn:aws:signer:us-east-1:000000000000:/signing-profiles/bench/AbCdEf1234";

    private final SoftwareKeyBackend keys;
    private final CertificateAuthority ca;
    private final Path dir;

    public BenchPki(Path dir) {
        this.dir = dir;
        this.keys = new SoftwareKeyBackend(MasterKey.loadOrCreate(dir.resolve("master.key")), dir.resolve("keys"));
        this.ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet Bench");
    }

    /** The built-in time-stamp authority (as the server runs it), created in this directory on first use. */
    public TimestampAuthority timestampAuthority() {
        return TimestampAuthority.openOrCreate(dir.resolve("tsa"), keys, ca, Clock.systemUTC());
    }

    public X509Certificate root() {
        return ca.root();
    }

    /** A new key of {@code algorithm} with a code-signing certificate chained to this CA. */
    public SigningKey signingKey(KeyAlgorithm algorithm) {
        KeyHandle handle = keys.generate(algorithm);
        Instant now = Instant.now();
        X509Certificate leaf = ca.issueCodeSigning(
                keys.publicKey(handle),
                "bench",
                PROFILE_VERSION_ARN,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)));
        return new SigningKey(keys, handle, ca.chainOf(leaf));
    }
}
