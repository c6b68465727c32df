package dev.signet.core.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.testing.FailingKeyMaterialStore;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renewal of the time-stamp authority: its certificate stays under the issuing CA that issued it
 * when the CA renews; a TSA renewal makes a new key and a certificate from the newest issuing CA;
 * tokens from before and after verify with {@code openssl ts -verify} against the root alone; a
 * crash between the writes leaves the TSA as it was.
 */
class TimestampAuthorityRenewalTest {
    @TempDir
    Path dir;

    private TestPki pki;
    private TimestampAuthority tsa;

    @BeforeEach
    void setUp() {
        pki = new TestPki(dir);
        tsa = pki.tsa();
    }

    @Test
    void anIssuingRenewalLeavesTheTsaUnderItsIssuerAndATsaRenewalMovesItToTheNewest() throws Exception {
        X509Certificate first = tsa.chain().get(0);
        X509Certificate firstIssuing = pki.ca().issuing();
        Path before = reply("before");
        pki.ca().renewIssuing(Instant.now());
        TimestampAuthority reopened = pki.tsa();
        assertThat(reopened.chain()).containsExactly(first, firstIssuing, pki.root());
        assertThat(reopened.generation()).isEqualTo(1);

        List<X509Certificate> renewed = tsa.renew(Instant.now());
        X509Certificate second = renewed.get(0);
        assertThat(tsa.generation()).isEqualTo(2);
        assertThat(second.getPublicKey()).isNotEqualTo(first.getPublicKey());
        assertThat(second.getSubjectX500Principal().getName()).contains("CN=Signet Timestamp Authority G2");
        assertThat(CertificateAuthority.isTimestamping(second)).isTrue();
        assertThat(renewed).containsExactly(second, pki.ca().issuing(), pki.root());
        assertThat(second.getNotAfter()).isBeforeOrEqualTo(pki.ca().issuing().getNotAfter());
        assertThat(Files.exists(dir.resolve("tsa").resolve("tsa-2.pem"))).isTrue();
        Path after = reply("after");

        // tokens carry their own chain: both verify trusting only the root
        assertVerifies("before");
        assertVerifies("after");
        assertThat(tokenSigner(after)).isEqualTo(second);
        assertThat(tokenSigner(before)).isEqualTo(first);

        // a restart opens generation 2; another instance on the store takes it up on reload
        assertThat(pki.tsa().chain()).isEqualTo(renewed);
        assertThat(reopened.reload()).isTrue();
        assertThat(reopened.chain()).isEqualTo(renewed);
        assertThat(reopened.reload()).isFalse();
    }

    /** A renewal writes {@code tsa-2.pem}, then {@code tsa.properties}: a crash before either. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aCrashBetweenTheWritesLeavesTheOldTsa(int writesBeforeCrash) throws Exception {
        List<X509Certificate> chain = tsa.chain();
        KeyMaterialStore failing =
                new FailingKeyMaterialStore(new DirectoryKeyMaterialStore(dir.resolve("tsa")), writesBeforeCrash);
        TimestampAuthority crashing = TimestampAuthority.openOrCreate(failing, pki.keys(), pki.ca(), Clock.systemUTC());
        assertThatThrownBy(() -> crashing.renew(Instant.now())).isInstanceOf(TimestampAuthorityException.class);
        assertThat(crashing.chain()).isEqualTo(chain);
        assertThat(crashing.generation()).isEqualTo(1);
        assertThat(pki.tsa().chain()).isEqualTo(chain);
        // the leftovers do not stand in the way of the next renewal
        tsa.renew(Instant.now());
        assertThat(pki.tsa().generation()).isEqualTo(2);
    }

    @Test
    void refusesAGenerationWhoseCertificateIsMissingOrNotItsKeys() throws Exception {
        tsa.renew(Instant.now());
        Path tsaDir = dir.resolve("tsa");
        Files.copy(
                tsaDir.resolve("tsa.pem"),
                tsaDir.resolve("tsa-2.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> pki.tsa())
                .isInstanceOf(TimestampAuthorityException.class)
                .hasMessageContaining("tsa-2.pem does not match its key");
        Files.delete(tsaDir.resolve("tsa-2.pem"));
        assertThatThrownBy(() -> pki.tsa())
                .isInstanceOf(TimestampAuthorityException.class)
                .hasMessageContaining("tsa-2.pem is missing");
        Path props = tsaDir.resolve("tsa.properties");
        Files.writeString(props, Files.readString(props).replace("generation=2", "generation=x"));
        assertThatThrownBy(() -> pki.tsa())
                .isInstanceOf(TimestampAuthorityException.class)
                .hasMessageContaining("not a number");
    }

    private Path reply(String name) throws Exception {
        Path data = Files.writeString(dir.resolve(name + ".txt"), "time-stamped " + name);
        Path query = dir.resolve(name + ".tsq");
        Processes.Result q =
                Openssl.run("ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());
        assertThat(q.exitCode()).as(q.output()).isZero();
        return Files.write(dir.resolve(name + ".tsr"), tsa.respond(Files.readAllBytes(query)));
    }

    private void assertVerifies(String name) throws Exception {
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        Processes.Result v = Openssl.run(
                "ts",
                "-verify",
                "-in",
                dir.resolve(name + ".tsr").toString(),
                "-queryfile",
                dir.resolve(name + ".tsq").toString(),
                "-CAfile",
                root.toString());
        assertThat(v.exitCode()).as(name + ": " + v.output() + v.error()).isZero();
        assertThat(v.output()).contains("Verification: OK");
    }

    private static X509Certificate tokenSigner(Path reply) throws Exception {
        var response = new org.bouncycastle.tsp.TimeStampResponse(Files.readAllBytes(reply));
        var token = response.getTimeStampToken();
        @SuppressWarnings("unchecked")
        var holder = (org.bouncycastle.cert.X509CertificateHolder)
                token.getCertificates().getMatches(token.getSID()).iterator().next();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
    }
}
