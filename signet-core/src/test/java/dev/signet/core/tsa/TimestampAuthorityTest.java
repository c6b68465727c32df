package dev.signet.core.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.TimestampEvidence;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampAuthorityTest {
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
    void certificateHasCriticalTimeStampingEkuAndChainsToTheRoot() throws Exception {
        assertThat(CertificateAuthority.isTimestamping(tsa.chain().get(0))).isTrue();
        assertThat(CertificateAuthority.isCodeSigning(tsa.chain().get(0))).isFalse();
        tsa.chain().get(0).verify(pki.ca().issuing().getPublicKey());
        assertThat(tsa.chain().get(2)).isEqualTo(pki.root());
    }

    @Test
    void reopensWithTheSameCertificate() {
        assertThat(pki.tsa().chain()).isEqualTo(tsa.chain());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-sha256", "-sha384", "-sha512"})
    void opensslAcceptsResponsesToItsOwnQueries(String digest) throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "hello timestamps");
        Path query = dir.resolve("req.tsq");
        Processes.Result q =
                Openssl.run("ts", "-query", "-data", data.toString(), digest, "-cert", "-out", query.toString());
        assertThat(q.exitCode()).as(q.output()).isZero();
        Path reply = Files.write(dir.resolve("resp.tsr"), tsa.respond(Files.readAllBytes(query)));
        Processes.Result v = verifyWithOpenssl(reply, query);
        assertThat(v.exitCode()).as(v.output()).isZero();
        assertThat(v.output()).contains("Verification: OK");
    }

    @Test
    void opensslRejectsATamperedReply() throws Exception {
        Path data = Files.writeString(dir.resolve("data.txt"), "hello timestamps");
        Path query = dir.resolve("req.tsq");
        Openssl.run("ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());
        byte[] reply = tsa.respond(Files.readAllBytes(query));
        byte[] policy = TimestampAuthority.POLICY.getEncoded();
        int tstInfo = indexOf(reply, policy);
        assertThat(tstInfo).isPositive();
        // the signed TSTInfo (policy, imprint, serial, time) and the signature value at the end
        for (int offset :
                List.of(tstInfo + 4, tstInfo + policy.length + 20, tstInfo + policy.length + 60, reply.length - 20)) {
            byte[] tampered = reply.clone();
            tampered[offset] ^= 0x01;
            Path file = Files.write(dir.resolve("tampered.tsr"), tampered);
            assertThat(verifyWithOpenssl(file, query).exitCode())
                    .as("flip at " + offset)
                    .isNotZero();
        }
    }

    @Test
    void inProcessTokensVerify() throws Exception {
        byte[] signatureValue = "a signature value".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(signatureValue);
        byte[] token = tsa.timestamp(HashAlgorithm.SHA256, digest);
        TimestampEvidence evidence = TimestampVerifier.verify(token, signatureValue);
        assertThat(evidence.chain().get(0)).isEqualTo(tsa.chain().get(0));
        assertThatThrownBy(() -> TimestampVerifier.verify(token, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("other data");
        byte[] tampered = token.clone();
        tampered[tampered.length - 10] ^= 0x01;
        assertThatThrownBy(() -> TimestampVerifier.verify(tampered, signatureValue))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("signature not created by certificate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "0\u0003\u0002\u0001\u0001"})
    void malformedRequestsGetARejectionNotAnException(String request) throws Exception {
        TimeStampResponse response = new TimeStampResponse(tsa.respond(request.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getTimeStampToken()).isNull();
    }

    @Test
    void oversizedRequestsAreRejected() throws Exception {
        TimeStampResponse response =
                new TimeStampResponse(tsa.respond(new byte[TimestampAuthority.MAX_REQUEST_SIZE + 1]));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Processes.Result verifyWithOpenssl(Path reply, Path query) throws Exception {
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        Path untrusted = Files.writeString(
                dir.resolve("chain.pem"), Pem.encode(tsa.chain().subList(0, 2)));
        return Openssl.run(
                "ts",
                "-verify",
                "-in",
                reply.toString(),
                "-queryfile",
                query.toString(),
                "-CAfile",
                root.toString(),
                "-untrusted",
                untrusted.toString());
    }
}
