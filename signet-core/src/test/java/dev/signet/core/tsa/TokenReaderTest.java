package dev.signet.core.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reader of Signet-shaped tokens answers only where BouncyCastle's reading accepts the token,
 * and then with the same evidence: every token the TSA issues is read by it, and no change to a
 * token's bytes makes it accept what BouncyCastle refuses.
 */
class TokenReaderTest {
    private static final byte[] COUNTERSIGNED = "a signature value".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static TimestampAuthority tsa;

    @BeforeAll
    static void setUp() {
        tsa = new TestPki(dir.resolve("pki")).tsa();
    }

    @ParameterizedTest
    @EnumSource(
            value = HashAlgorithm.class,
            names = {"SHA256", "SHA384"})
    void readsTheTokensTheTsaIssuesAsBouncyCastleDoes(HashAlgorithm hash) throws Exception {
        byte[] token =
                tsa.timestamp(hash, MessageDigest.getInstance(hash.jcaName()).digest(COUNTERSIGNED));

        TokenReader.Token read = TokenReader.read(token).orElseThrow();

        TimeStampToken bc = new TimeStampToken(new CMSSignedData(token));
        assertThat(read.genTime()).isEqualTo(bc.getTimeStampInfo().getGenTime().toInstant());
        assertThat(read.imprint()).isEqualTo(bc.getTimeStampInfo().getMessageImprintDigest());
        assertThat(read.imprintAlgorithm()).isEqualTo(hash.jcaName());
        assertThat(read.chain()).isEqualTo(tsa.chain());
        TimestampEvidence decoded = TimestampVerifier.verifyDecoded(token, COUNTERSIGNED);
        assertThat(TimestampVerifier.verify(token, COUNTERSIGNED)).isEqualTo(decoded);
    }

    @Test
    void agreesWithBouncyCastleOnTheTokensOfItsGenerator() throws Exception {
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        byte[] request = requests.generate(
                        TimestampAuthority.oid(HashAlgorithm.SHA256), sha256(COUNTERSIGNED), BigInteger.TEN)
                .getEncoded();
        byte[] token =
                new TimeStampResponse(tsa.respond(request)).getTimeStampToken().getEncoded();

        assertThat(TimestampVerifier.verify(token, COUNTERSIGNED))
                .isEqualTo(TimestampVerifier.verifyDecoded(token, COUNTERSIGNED));
    }

    /**
     * Each byte of a token changed in turn (its low bit): wherever the reader still
     * answers, verification gives what BouncyCastle's reading gives (the same evidence, or the same
     * refusal). Almost every change makes the reader step aside; the few it survives are in a carried
     * CA certificate, which the common check after reading refuses.
     */
    @Test
    void noChangedByteIsAcceptedThatBouncyCastleRefuses() throws Exception {
        byte[] token = tsa.timestamp(HashAlgorithm.SHA256, sha256(COUNTERSIGNED));
        int readByBoth = 0;
        int leftToBouncyCastle = 0;
        for (int i = 0; i < token.length; i++) {
            for (int change : new int[] {0x01}) {
                byte[] mutated = token.clone();
                mutated[i] ^= (byte) change;
                Optional<TokenReader.Token> read = TokenReader.read(mutated);
                if (read.isEmpty()) {
                    leftToBouncyCastle++;
                    continue;
                }
                TimestampEvidence decoded = null;
                String refusal = null;
                try {
                    decoded = TimestampVerifier.verifyDecoded(mutated, COUNTERSIGNED);
                } catch (TimestampException e) {
                    refusal = e.getMessage();
                }
                if (decoded != null) {
                    assertThat(TimestampVerifier.verify(mutated, COUNTERSIGNED))
                            .as("byte %d", i)
                            .isEqualTo(decoded);
                } else {
                    // e.g. a damaged carried CA certificate: refused after reading, in the same words
                    assertThatThrownBy(() -> TimestampVerifier.verify(mutated, COUNTERSIGNED))
                            .as("byte %d", i)
                            .isInstanceOf(TimestampException.class)
                            .hasMessage(refusal);
                }
                readByBoth++;
            }
        }
        assertThat(leftToBouncyCastle).isGreaterThan(readByBoth);
        assertThat(readByBoth).isPositive();
    }

    @Test
    void aTokenOverOtherDataIsRefusedInTheSameWords() throws Exception {
        byte[] token = tsa.timestamp(HashAlgorithm.SHA256, sha256(COUNTERSIGNED));
        byte[] other = "another signature value".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TimestampVerifier.verify(token, other))
                .isInstanceOf(TimestampException.class)
                .hasMessage("the time-stamp token covers other data than this signature");
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
