package dev.signet.core.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.TimestampEvidence;
import dev.signet.core.testing.FlippingKeyBackend;
import dev.signet.core.testing.Openssl;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.tsp.TSTInfo;
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
 * The TSA's own token encoding: laid out as BouncyCastle's generator lays it out, accepted by
 * BouncyCastle and {@code openssl ts -verify}, and self-checked.
 */
class TokenEncoderTest {
    private static final byte[] COUNTERSIGNED = "a signature value".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TimestampAuthority tsa;

    @BeforeAll
    static void setUp() {
        pki = new TestPki(dir.resolve("pki"));
        tsa = pki.tsa();
    }

    @Test
    void tokensHaveTheLayoutOfBouncyCastlesGenerator() throws Exception {
        byte[] digest = sha256(COUNTERSIGNED);
        TimeStampToken ours = new TimeStampToken(new CMSSignedData(tsa.timestamp(HashAlgorithm.SHA256, digest)));
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        byte[] request = requests.generate(
                        TimestampAuthority.oid(HashAlgorithm.SHA256), digest, java.math.BigInteger.TEN)
                .getEncoded();
        TimeStampToken bc = new TimeStampResponse(tsa.respond(request)).getTimeStampToken();

        SignedData ourData = signedData(ours);
        SignedData bcData = signedData(bc);
        assertThat(ourData.getVersion()).isEqualTo(bcData.getVersion());
        assertThat(ourData.getDigestAlgorithms()).isEqualTo(bcData.getDigestAlgorithms());
        assertThat(ourData.getCertificates()).isEqualTo(bcData.getCertificates());
        assertThat(ourData.getCRLs()).isNull();
        SignerInfo ourSigner = SignerInfo.getInstance(ourData.getSignerInfos().getObjectAt(0));
        SignerInfo bcSigner = SignerInfo.getInstance(bcData.getSignerInfos().getObjectAt(0));
        assertThat(ourSigner.getSID()).isEqualTo(bcSigner.getSID());
        assertThat(ourSigner.getDigestAlgorithm()).isEqualTo(bcSigner.getDigestAlgorithm());
        assertThat(ourSigner.getDigestEncryptionAlgorithm()).isEqualTo(bcSigner.getDigestEncryptionAlgorithm());
        assertThat(ourSigner.getUnauthenticatedAttributes()).isNull();
        assertThat(attributeTypes(ourSigner)).isEqualTo(attributeTypes(bcSigner));
        for (String constant : List.of("1.2.840.113549.1.9.3", "1.2.840.113549.1.9.52", "1.2.840.113549.1.9.16.2.47")) {
            assertThat(attribute(ourSigner, constant)).as(constant).isEqualTo(attribute(bcSigner, constant));
        }

        TSTInfo ourInfo = ours.getTimeStampInfo().toASN1Structure();
        TSTInfo bcInfo = bc.getTimeStampInfo().toASN1Structure();
        assertThat(ourInfo.getVersion()).isEqualTo(bcInfo.getVersion());
        assertThat(ourInfo.getPolicy()).isEqualTo(bcInfo.getPolicy());
        assertThat(ourInfo.getMessageImprint()).isEqualTo(bcInfo.getMessageImprint());
        assertThat(ourInfo.getAccuracy()).isEqualTo(bcInfo.getAccuracy());
        assertThat(ourInfo.getOrdering()).isEqualTo(bcInfo.getOrdering());
        assertThat(ourInfo.getTsa()).isEqualTo(bcInfo.getTsa());
        assertThat(ourInfo.getExtensions()).isEqualTo(bcInfo.getExtensions());
        assertThat(ourInfo.getNonce()).isNotNull();
        assertThat(ourInfo.getGenTime().getTimeString())
                .hasSize(bcInfo.getGenTime().getTimeString().length());
    }

    @ParameterizedTest
    @EnumSource(
            value = HashAlgorithm.class,
            names = {"SHA256", "SHA384"})
    void tokensAreCanonicalDerAndVerify(HashAlgorithm hash) throws Exception {
        byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest(COUNTERSIGNED);
        byte[] token = tsa.timestamp(hash, digest);
        assertThat(ContentInfo.getInstance(token).getEncoded(ASN1Encoding.DER)).isEqualTo(token);
        TimestampEvidence evidence = TimestampVerifier.verify(token, COUNTERSIGNED);
        assertThat(evidence.chain()).isEqualTo(tsa.chain());
    }

    @ParameterizedTest
    @EnumSource(
            value = HashAlgorithm.class,
            names = {"SHA256", "SHA384"})
    void opensslVerifiesTokens(HashAlgorithm hash) throws Exception {
        Path data = Files.write(dir.resolve("data-" + hash + ".bin"), COUNTERSIGNED);
        byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest(COUNTERSIGNED);
        Path token = Files.write(dir.resolve("token-" + hash + ".tst"), tsa.timestamp(hash, digest));
        Path root = Files.writeString(dir.resolve("root.pem"), Pem.encode(pki.root()));
        Path untrusted = Files.writeString(
                dir.resolve("chain.pem"), Pem.encode(tsa.chain().subList(0, 2)));
        Processes.Result r = Openssl.run(
                "ts",
                "-verify",
                "-token_in",
                "-in",
                token.toString(),
                "-data",
                data.toString(),
                "-CAfile",
                root.toString(),
                "-untrusted",
                untrusted.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Verification: OK");
    }

    @Test
    void evidenceOfTheFastPathIsWhatTheVerifierReports() throws Exception {
        VerifiedToken token = tsa.timestampVerified(COUNTERSIGNED);
        assertThat(token.evidence()).isEqualTo(TimestampVerifier.verify(token.der(), COUNTERSIGNED));
        assertThat(token.evidence().time())
                .isEqualTo(new TimeStampToken(new CMSSignedData(token.der()))
                        .getTimeStampInfo()
                        .getGenTime()
                        .toInstant());
    }

    @Test
    void aCorruptedSignatureValueIsCaught() {
        TimestampAuthority corrupt = TimestampAuthority.openOrCreate(
                dir.resolve("pki").resolve("tsa"), new FlippingKeyBackend(pki.keys()), pki.ca(), Clock.systemUTC());
        assertThatThrownBy(() -> corrupt.timestampVerified(COUNTERSIGNED))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> corrupt.timestamp(HashAlgorithm.SHA256, sha256(COUNTERSIGNED)))
                .isInstanceOf(TimestampException.class)
                .hasMessage("the time-stamp authority's signature does not verify with its certificate");
    }

    @Test
    void noTokenOutsideTheTsaCertificatesValidity() {
        Clock late = Clock.fixed(tsa.chain().get(0).getNotAfter().toInstant().plusSeconds(60), ZoneOffset.UTC);
        TimestampAuthority expired =
                TimestampAuthority.openOrCreate(dir.resolve("pki").resolve("tsa"), pki.keys(), pki.ca(), late);
        assertThatThrownBy(() -> expired.timestampVerified(COUNTERSIGNED))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("not valid");
    }

    @Test
    void aDigestOfTheWrongLengthIsRefused() {
        assertThatThrownBy(() -> tsa.timestamp(HashAlgorithm.SHA256, new byte[20]))
                .isInstanceOf(TimestampException.class)
                .hasMessage("a SHA-256 digest is 32 bytes, not 20");
    }

    private static SignedData signedData(TimeStampToken token) throws Exception {
        return SignedData.getInstance(
                ContentInfo.getInstance(token.getEncoded()).getContent());
    }

    private static List<ASN1ObjectIdentifier> attributeTypes(SignerInfo signer) {
        List<ASN1ObjectIdentifier> types = new ArrayList<>();
        for (ASN1Encodable a : signer.getAuthenticatedAttributes()) {
            types.add(Attribute.getInstance(a).getAttrType());
        }
        return types;
    }

    private static Attribute attribute(SignerInfo signer, String oid) {
        for (ASN1Encodable a : signer.getAuthenticatedAttributes()) {
            Attribute attribute = Attribute.getInstance(a);
            if (attribute.getAttrType().getId().equals(oid)) {
                return attribute;
            }
        }
        return null;
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
