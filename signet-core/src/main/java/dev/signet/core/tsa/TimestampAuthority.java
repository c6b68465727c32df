package dev.signet.core.tsa;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signet's built-in RFC 3161 time-stamp authority. Its ECDSA P-256 key lives in the {@link
 * KeyBackend} and is used only through {@link KeyBackendContentSigner}; its certificate is issued
 * by the Signet issuing CA with the critical timeStamping EKU. Tokens carry the TSA certificate, the
 * issuing CA and the root, an ESSCertIDv2, the nonce of the request, accuracy one second and the
 * policy {@link #POLICY}. Accepts SHA-256, SHA-384 and SHA-512 imprints; anything else, and any
 * request that does not parse, gets a rejection response rather than an exception.
 *
 * <p>Its {@link KeyMaterialStore} (a directory on a single node, the shared database in a cluster)
 * holds {@code tsa.pem} and {@code tsa.properties} (the key handle), written atomically, properties
 * last; each renewal ({@link #renew}: new key, certificate from the CA's newest issuing CA) adds
 * {@code tsa-G.pem} and then rewrites {@code tsa.properties}, which commits it (docs/formats.md,
 * "Time-stamp authority key material"). Thread-safe.
 */
public final class TimestampAuthority implements Timestamper {
    private static final Logger LOG = LoggerFactory.getLogger(TimestampAuthority.class);
    /** Signet's TSA policy: a UUID OID (X.667), so it needs no registered arc. */
    public static final ASN1ObjectIdentifier POLICY =
            new ASN1ObjectIdentifier("2.25.214964839745409838318938395232917366473");

    /** A request is a hash and a few fields: a few hundred bytes. */
    public static final int MAX_REQUEST_SIZE = 8 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_DIGESTS =
            Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    private final KeyMaterialStore store;
    private final KeyBackend keys;
    private final CertificateAuthority ca;
    private final Clock clock;
    private volatile TsaLayout.Generation signer;

    private TimestampAuthority(
            KeyMaterialStore store,
            KeyBackend keys,
            CertificateAuthority ca,
            Clock clock,
            TsaLayout.Generation signer) {
        this.store = store;
        this.keys = keys;
        this.ca = ca;
        this.clock = clock;
        this.signer = signer;
    }

    /**
     * Opens the TSA stored in {@code dir}, or creates its key and certificate there on first use.
     *
     * @throws TimestampAuthorityException when the directory cannot be read or written, or holds a
     *     certificate that does not match its key or was not issued by {@code ca}
     */
    public static TimestampAuthority openOrCreate(Path dir, KeyBackend keys, CertificateAuthority ca, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        return openOrCreate(new DirectoryKeyMaterialStore(dir), keys, ca, clock);
    }

    /**
     * As {@link #openOrCreate(Path, KeyBackend, CertificateAuthority, Clock)}, its two entries
     * ({@code tsa.pem}, then {@code tsa.properties}) kept in {@code store}; concurrent creation in
     * one store must be serialised by the caller, as for the CA.
     */
    public static TimestampAuthority openOrCreate(
            KeyMaterialStore store, KeyBackend keys, CertificateAuthority ca, Clock clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(clock, "clock");
        try {
            Optional<byte[]> handle = store.read(TsaLayout.KEY_FILE);
            TsaLayout.Generation signer = handle.isPresent()
                    ? TsaLayout.open(store, handle.get(), keys, ca)
                    : TsaLayout.issue(store, keys, ca, 1, new Properties(), clock.instant());
            return new TimestampAuthority(store, keys, ca, clock, signer);
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw new TimestampAuthorityException(
                    "cannot open or create the TSA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a new TSA generation: a new key (in the backend {@code keys} generates in) and a
     * certificate from the CA's current issuing CA, valid for 10 years or until that issuing CA
     * expires. Tokens from now on are signed with it; tokens made before keep verifying, as they
     * carry their own certificate, which chains to the CA's roots. Call {@link #reload} first when
     * another node may have renewed.
     *
     * @return the new certificate's chain
     * @throws TimestampAuthorityException when the key cannot be made or the store not written; the
     *     TSA is then as it was (a crash before the final write leaves an entry nothing names)
     */
    public synchronized List<X509Certificate> renew(Instant now) {
        Objects.requireNonNull(now, "now");
        TsaLayout.Generation s = signer;
        try {
            signer = TsaLayout.issue(store, keys, ca, s.generation() + 1, TsaLayout.parse(s.handle()), now);
            return signer.chain();
        } catch (IOException | KeyBackendException | IllegalArgumentException e) {
            throw new TimestampAuthorityException(
                    "cannot renew the TSA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the store again and takes up a renewal made elsewhere (another node of a cluster). Reload
     * the CA first: the new certificate names an issuing CA this node must know.
     *
     * @return whether the TSA changed
     * @throws TimestampAuthorityException when the store cannot be read or the TSA in it is damaged;
     *     this TSA then stays as it was
     */
    public synchronized boolean reload() {
        TsaLayout.Generation s = signer;
        try {
            Optional<byte[]> handle = store.read(TsaLayout.KEY_FILE);
            if (handle.isEmpty() || java.util.Arrays.equals(handle.get(), s.handle())) {
                return false;
            }
            TsaLayout.Generation read = TsaLayout.open(store, handle.get(), keys, ca);
            if (read.generation() < s.generation()) {
                throw new TimestampAuthorityException(
                        "the TSA in " + store.describe() + " is of an older generation than this node already uses");
            }
            signer = read;
            return true;
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw new TimestampAuthorityException(
                    "cannot read the TSA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The current generation: 1, then one more for each renewal. */
    public int generation() {
        return signer.generation();
    }

    /** The current TSA certificate, the issuing CA that issued it, up to the first root. */
    public List<X509Certificate> chain() {
        return signer.chain();
    }

    /**
     * Answers a DER TimeStampReq with a DER TimeStampResp: granted with a token, or rejected with a
     * failure reason (badDataFormat, badAlg, unacceptedPolicy...). Never throws for bad input.
     */
    public byte[] respond(byte[] requestDer) {
        Objects.requireNonNull(requestDer, "requestDer");
        try {
            if (requestDer.length > MAX_REQUEST_SIZE) {
                return reject(
                        PKIFailureInfo.badDataFormat, "the request is larger than " + MAX_REQUEST_SIZE + " bytes");
            }
            Optional<TimeStampRequest> request = parseRequest(requestDer);
            if (request.isEmpty()) {
                return reject(PKIFailureInfo.badDataFormat, "the request is not a DER TimeStampReq");
            }
            return responses()
                    .generate(request.get(), serial(), Date.from(clock.instant()))
                    .getEncoded();
        } catch (TSPException | IOException e) {
            // the protocol's own word for a server fault, and the fault in the log
            LOG.error("The time-stamp authority could not answer a TimeStampReq", e);
            return rejectQuietly("the time-stamp authority could not sign");
        }
    }

    /** The request, or empty when the bytes are not a DER TimeStampReq. */
    private static Optional<TimeStampRequest> parseRequest(byte[] der) {
        try {
            return Optional.of(Asn1Decoding.decode(
                    () -> new TimeStampRequest(der), malformed -> new IOException(malformed.reason())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A token from {@link TokenEncoder} for SHA-256 and SHA-384 imprints, its signature value checked
     * with the TSA certificate's key before it is returned; other imprints through BouncyCastle's
     * generator, as {@link #respond} answers.
     */
    @Override
    public byte[] timestamp(HashAlgorithm hash, byte[] digest) throws TimestampException {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(digest, "digest");
        if (TokenEncoder.supports(hash)) {
            return issue(hash, digest).der();
        }
        TimeStampRequestGenerator requests = new TimeStampRequestGenerator();
        requests.setCertReq(true);
        TimeStampRequest request = requests.generate(oid(hash), digest, serial());
        try {
            // in process: the token straight from the generator, without encoding a TimeStampResp and
            // parsing it back (the request is ours and well-formed; callers verify the token anyway)
            TimeStampToken token = generator().generate(request, serial(), Date.from(clock.instant()));
            return token.getEncoded();
        } catch (TSPException | IOException | KeyBackendException e) {
            throw new TimestampException("the time-stamp authority could not sign: " + e.getMessage(), e);
        }
    }

    /**
     * The token over the {@code hash} digest of {@code countersigned} with its evidence, without
     * parsing it back: for SHA-256 and SHA-384 the token is this class's own encoding, its signature
     * value is checked against the TSA certificate's key over the exact signed attributes, and
     * genTime must lie within the TSA certificate's validity (what {@link TimestampVerifier} would
     * otherwise establish); other hashes take the interface's full verification.
     */
    @Override
    public VerifiedToken timestampVerified(HashAlgorithm hash, byte[] countersigned) throws TimestampException {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(countersigned, "countersigned");
        if (!TokenEncoder.supports(hash)) {
            return Timestamper.super.timestampVerified(hash, countersigned);
        }
        return issue(hash, CryptoProviders.messageDigest(hash).digest(countersigned));
    }

    private VerifiedToken issue(HashAlgorithm hash, byte[] digest) throws TimestampException {
        if (digest.length != hash.length()) {
            throw new TimestampException(
                    "a " + hash.jcaName() + " digest is " + hash.length() + " bytes, not " + digest.length);
        }
        TsaLayout.Generation s = signer;
        Instant genTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            s.chain().get(0).checkValidity(Date.from(genTime));
        } catch (java.security.cert.CertificateExpiredException
                | java.security.cert.CertificateNotYetValidException e) {
            throw new TimestampException("the time-stamp authority's certificate is not valid now", e);
        }
        byte[] tstInfo = s.encoder().tstInfo(hash, digest, serial(), genTime, serial());
        byte[][] attributes = s.encoder().signedAttributes(tstInfo, genTime);
        byte[] toBeSigned = TokenEncoder.toBeSigned(attributes);
        byte[] signature;
        try {
            signature = keys.sign(s.key(), s.algorithm(), toBeSigned);
        } catch (KeyBackendException e) {
            throw new TimestampException("the time-stamp authority could not sign: " + e.getMessage(), e);
        }
        if (!s.selfCheck().verifies(toBeSigned, signature)) {
            throw new TimestampException("the time-stamp authority's signature does not verify with its certificate");
        }
        return new VerifiedToken(
                s.encoder().token(tstInfo, attributes, signature), new TimestampEvidence(genTime, s.chain()));
    }

    private TimeStampResponseGenerator responses() throws TSPException {
        return new TimeStampResponseGenerator(generator(), ACCEPTED_DIGESTS, Set.of(POLICY));
    }

    /** A fresh generator per token: its content signer collects the bytes to sign, so it is not shared. */
    private TimeStampTokenGenerator generator() throws TSPException {
        TsaLayout.Generation s = signer;
        try {
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
            SignerInfoGenerator signer = new JcaSignerInfoGeneratorBuilder(digests)
                    .build(
                            new KeyBackendContentSigner(keys, s.key(), HashAlgorithm.SHA256),
                            s.chain().get(0));
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    signer, digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)), POLICY);
            tokens.addCertificates(s.certStore());
            tokens.setAccuracySeconds(1);
            return tokens;
        } catch (OperatorCreationException | java.security.cert.CertificateEncodingException e) {
            throw new TSPException("cannot prepare the token generator", e);
        }
    }

    private static byte[] reject(int failInfo, String why) throws TSPException, IOException {
        return new TimeStampResponseGenerator(null, ACCEPTED_DIGESTS)
                .generateFailResponse(PKIStatus.REJECTION, failInfo, why)
                .getEncoded();
    }

    private static byte[] rejectQuietly(String why) {
        try {
            return new TimeStampResponseGenerator(null, ACCEPTED_DIGESTS)
                    .generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.systemFailure, why)
                    .getEncoded();
        } catch (TSPException | IOException e) {
            throw new TimestampAuthorityException("cannot encode a rejection", e);
        }
    }

    static ASN1ObjectIdentifier oid(HashAlgorithm hash) {
        return switch (hash) {
            case SHA256 -> TSPAlgorithms.SHA256;
            case SHA384 -> TSPAlgorithms.SHA384;
            case SHA1 -> TSPAlgorithms.SHA1;
        };
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
