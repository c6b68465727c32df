package dev.signet.core.ca;

import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The deployment's root and issuing CA. The root signs only the issuing CA; the issuing CA signs
 * code-signing certificates (EKU codeSigning), one per signing profile version.
 *
 * <p>Both CA keys are ECDSA P-384 held by a {@link KeyBackend}; certificates are signed through
 * {@link KeyBackendContentSigner}, so the CA never sees a private key. Its {@link KeyMaterialStore}
 * (a directory on a single node, the shared database in a cluster) holds {@code root.pem}, {@code
 * issuing.pem} and {@code ca.properties} (the key handles), each written atomically; {@code
 * ca.properties} is written last and marks a complete CA. Refuses to open a
 * directory whose certificates do not match the keys named in it. Thread-safe.
 */
public final class CertificateAuthority {
    static final String ROOT_FILE = "root.pem";
    static final String ISSUING_FILE = "issuing.pem";
    static final String KEYS_FILE = "ca.properties";
    private static final Duration ROOT_VALIDITY = Duration.ofDays(365L * 30 + 7);
    private static final Duration ISSUING_VALIDITY = Duration.ofDays(365L * 20 + 5);
    private static final String CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";
    private static final String TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";
    private static final int SAN_URI = 6;

    private final KeyBackend keys;
    private final String organization;
    private final KeyHandle issuingKey;
    private final X509Certificate root;
    private final X509Certificate issuing;

    private CertificateAuthority(
            KeyBackend keys, String organization, KeyHandle issuingKey, X509Certificate root, X509Certificate issuing) {
        this.keys = keys;
        this.organization = organization;
        this.issuingKey = issuingKey;
        this.root = root;
        this.issuing = issuing;
    }

    /**
     * Opens the CA stored in {@code dir} (certificates as PEM, key handles of {@code keys}), or
     * creates a root and an issuing CA there on first use.
     *
     * <p>{@code organization} names the subjects of a new CA; an existing CA keeps the organization
     * it was created with.
     *
     * @throws CertificateAuthorityException when the directory cannot be written or read, names
     *     keys of another backend, or holds certificates that do not match their keys
     */
    public static CertificateAuthority openOrCreate(Path dir, KeyBackend keys, String organization) {
        Objects.requireNonNull(dir, "dir");
        return openOrCreate(new DirectoryKeyMaterialStore(dir), keys, organization);
    }

    /**
     * As {@link #openOrCreate(Path, KeyBackend, String)}, the CA's three entries ({@code root.pem},
     * {@code issuing.pem}, {@code ca.properties}, the last marking a complete CA) kept in {@code
     * store}. Two processes creating a CA in one store at the same time must be serialised by the
     * caller (a cluster takes its database's bootstrap lock): each would write a CA of its own.
     */
    public static CertificateAuthority openOrCreate(KeyMaterialStore store, KeyBackend keys, String organization) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(organization, "organization");
        if (organization.isBlank() || organization.length() > 64) {
            throw new IllegalArgumentException("organization must be 1-64 characters");
        }
        try {
            Optional<byte[]> handles = store.read(KEYS_FILE);
            if (handles.isPresent()) {
                return open(store, handles.get(), keys, organization);
            }
            return create(store, keys, organization);
        } catch (IOException e) {
            throw new CertificateAuthorityException(
                    "cannot open or create the CA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority create(KeyMaterialStore store, KeyBackend keys, String organization)
            throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyHandle rootKey = keys.generate(KeyAlgorithm.ECDSA_P384);
        KeyHandle issuingKey = keys.generate(KeyAlgorithm.ECDSA_P384);
        CertificateTemplates templates = new CertificateTemplates(organization);
        X509Certificate root = templates.root(keys, rootKey, now.minus(Duration.ofHours(1)), now.plus(ROOT_VALIDITY));
        X509Certificate issuing = templates.issuing(
                keys,
                rootKey,
                root,
                keys.publicKey(issuingKey),
                now.minus(Duration.ofMinutes(30)),
                now.plus(ISSUING_VALIDITY));
        store.write(ROOT_FILE, Pem.encode(root).getBytes(StandardCharsets.US_ASCII));
        store.write(ISSUING_FILE, Pem.encode(issuing).getBytes(StandardCharsets.US_ASCII));
        Properties props = new Properties();
        props.setProperty("root.backend", rootKey.backend());
        props.setProperty("root.keyId", rootKey.keyId());
        props.setProperty("root.algorithm", rootKey.algorithm().name());
        props.setProperty("issuing.backend", issuingKey.backend());
        props.setProperty("issuing.keyId", issuingKey.keyId());
        props.setProperty("issuing.algorithm", issuingKey.algorithm().name());
        props.setProperty("organization", organization);
        StringWriter text = new StringWriter();
        props.store(text, "Signet CA key handles; the keys themselves are in the key backend");
        store.write(KEYS_FILE, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        return new CertificateAuthority(keys, organization, issuingKey, root, issuing);
    }

    private static CertificateAuthority open(
            KeyMaterialStore store, byte[] handles, KeyBackend keys, String organization) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(new String(handles, StandardCharsets.ISO_8859_1)));
        String where = store.describe();
        try {
            KeyHandle rootKey = handle(props, "root");
            KeyHandle issuingKey = handle(props, "issuing");
            X509Certificate root = single(store, ROOT_FILE);
            X509Certificate issuing = single(store, ISSUING_FILE);
            if (!keys.name().equals(issuingKey.backend()) || !keys.name().equals(rootKey.backend())) {
                throw new CertificateAuthorityException("the CA in " + where + " keeps its keys in backend "
                        + issuingKey.backend() + ", not " + keys.name());
            }
            if (!keys.publicKey(rootKey).equals(root.getPublicKey())
                    || !keys.publicKey(issuingKey).equals(issuing.getPublicKey())) {
                throw new CertificateAuthorityException("the CA certificates in " + where + " do not match their keys");
            }
            issuing.verify(root.getPublicKey());
            String org = props.getProperty("organization", organization);
            return new CertificateAuthority(keys, org, issuingKey, root, issuing);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new CertificateAuthorityException("the CA in " + where + " is damaged: " + e.getMessage(), e);
        }
    }

    private static KeyHandle handle(Properties props, String prefix) {
        String backend = props.getProperty(prefix + ".backend");
        String id = props.getProperty(prefix + ".keyId");
        String alg = props.getProperty(prefix + ".algorithm");
        if (backend == null || id == null || alg == null) {
            throw new IllegalArgumentException("missing " + prefix + " key handle");
        }
        return new KeyHandle(backend, id, KeyAlgorithm.valueOf(alg));
    }

    private static X509Certificate single(KeyMaterialStore store, String name)
            throws IOException, CertificateException {
        byte[] pem = store.read(name).orElseThrow(() -> new CertificateException(name + " is missing"));
        List<X509Certificate> certs = Pem.decodeCertificates(new String(pem, StandardCharsets.US_ASCII));
        if (certs.size() != 1) {
            throw new CertificateException(name + " must hold exactly one certificate");
        }
        return certs.get(0);
    }

    public X509Certificate root() {
        return root;
    }

    /** The issuing CA's certificate. */
    public X509Certificate issuing() {
        return issuing;
    }

    /** The issuing CA's certificate followed by the root's. */
    public List<X509Certificate> issuingChain() {
        return List.of(issuing, root);
    }

    /**
     * The issuing CA's key with its chain (issuing, root), for documents the CA vouches for: the
     * signed revocation list and the trust bundle. The key has keyCertSign and cRLSign usage.
     */
    public dev.signet.core.crypto.SigningKey issuingKey() {
        return new dev.signet.core.crypto.SigningKey(keys, issuingKey, issuingChain());
    }

    /**
     * Issues a code-signing certificate for {@code subjectKey}, valid from {@code notBefore} to
     * {@code notAfter}, naming the profile version ARN as a URI subject alternative name.
     *
     * @throws IllegalArgumentException when the validity is empty or ends after the issuing CA's
     */
    public X509Certificate issueCodeSigning(
            PublicKey subjectKey, String commonName, String profileVersionArn, Instant notBefore, Instant notAfter) {
        return issueCodeSigning(subjectKey, commonName, profileVersionArn, Optional.empty(), notBefore, notAfter);
    }

    /**
     * As {@link #issueCodeSigning(PublicKey, String, String, Instant, Instant)}, naming {@code
     * crlDistributionPoint} (when present) in a non-critical cRLDistributionPoints extension: where
     * verifiers fetch this CA's {@link #crl}.
     *
     * @throws IllegalArgumentException when the validity is empty or ends after the issuing CA's, or
     *     the distribution point is not an absolute http URL (Notation fetches CRLs over http only)
     */
    public X509Certificate issueCodeSigning(
            PublicKey subjectKey,
            String commonName,
            String profileVersionArn,
            Optional<URI> crlDistributionPoint,
            Instant notBefore,
            Instant notAfter) {
        Objects.requireNonNull(crlDistributionPoint, "crlDistributionPoint");
        crlDistributionPoint.ifPresent(CertificateAuthority::requireHttpUrl);
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (commonName.isBlank() || commonName.length() > 64) {
            throw new IllegalArgumentException("common name must be 1-64 characters");
        }
        if (profileVersionArn.isBlank() || profileVersionArn.length() > 2048) {
            throw new IllegalArgumentException("profile version ARN must be 1-2048 characters");
        }
        Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        if (to.isAfter(issuing.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("a certificate cannot outlive the issuing CA, which expires at "
                    + issuing.getNotAfter().toInstant());
        }
        return new CertificateTemplates(organization)
                .codeSigning(
                        keys,
                        issuingKey,
                        issuing,
                        subjectKey,
                        commonName,
                        profileVersionArn,
                        crlDistributionPoint,
                        from,
                        to);
    }

    /** Refuses anything but an absolute {@code http} URL with a host. */
    public static void requireHttpUrl(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("a CRL distribution point must be an http:// URL, not " + url);
        }
    }

    /**
     * The issuing CA's certificate revocation list listing {@code revoked}, valid from {@code
     * thisUpdate} to {@code nextUpdate}, numbered {@code number}, signed with the issuing CA's key
     * (which has the cRLSign usage), DER-encoded. Layout: docs/formats.md, "Certificate revocation
     * list".
     *
     * @throws IllegalArgumentException when {@code nextUpdate} is not after {@code thisUpdate} or
     *     {@code number} is negative
     */
    public byte[] crl(List<RevokedCertificate> revoked, Instant thisUpdate, Instant nextUpdate, BigInteger number) {
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        Objects.requireNonNull(number, "number");
        Instant from = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
        Instant to = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
        }
        if (number.signum() < 0) {
            throw new IllegalArgumentException("a CRL number is not negative");
        }
        return CrlTemplate.sign(keys, issuingKey, issuing, List.copyOf(revoked), from, to, number);
    }

    /** Whether this CA's issuing CA issued {@code certificate} (its signature verifies under the issuing key). */
    public boolean issued(X509Certificate certificate) {
        try {
            if (!certificate.getIssuerX500Principal().equals(issuing.getSubjectX500Principal())) {
                return false;
            }
            certificate.verify(issuing.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Issues a time-stamping certificate (RFC 3161 2.3: EKU timeStamping only, critical) for the
     * built-in timestamp authority's {@code subjectKey}.
     *
     * @throws IllegalArgumentException when the validity is empty or ends after the issuing CA's
     */
    public X509Certificate issueTimestamping(
            PublicKey subjectKey, String commonName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank() || commonName.length() > 64) {
            throw new IllegalArgumentException("common name must be 1-64 characters");
        }
        Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        if (to.isAfter(issuing.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("a certificate cannot outlive the issuing CA, which expires at "
                    + issuing.getNotAfter().toInstant());
        }
        return new CertificateTemplates(organization)
                .timestamping(keys, issuingKey, issuing, subjectKey, commonName, from, to);
    }

    /** Whether the certificate's extended key usage is exactly timeStamping, marked critical. */
    public static boolean isTimestamping(X509Certificate certificate) {
        try {
            List<String> eku = certificate.getExtendedKeyUsage();
            return eku != null
                    && eku.equals(List.of(TIME_STAMPING_EKU))
                    && certificate.getCriticalExtensionOIDs().contains("2.5.29.37");
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /**
     * The chain a signature carries for {@code leaf}: the leaf, the issuing CA, the root.
     *
     * @throws IllegalArgumentException when this CA's issuing CA did not issue {@code leaf}
     */
    public List<X509Certificate> chainOf(X509Certificate leaf) {
        try {
            leaf.verify(issuing.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate was not issued by this CA's issuing CA");
        }
        return List.of(leaf, issuing, root);
    }

    /** The profile version ARN named as a URI subject alternative name, if the certificate has one. */
    public static Optional<String> profileVersionArn(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream()
                    .filter(n -> n.size() == 2 && Integer.valueOf(SAN_URI).equals(n.get(0)))
                    .map(n -> String.valueOf(n.get(1)))
                    .filter(uri -> uri.startsWith("arn:"))
                    .findFirst();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    /** Whether the certificate's extended key usage includes codeSigning. */
    public static boolean isCodeSigning(X509Certificate certificate) {
        try {
            List<String> eku = certificate.getExtendedKeyUsage();
            return eku != null && eku.contains(CODE_SIGNING_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    static HashAlgorithm caHash() {
        return HashAlgorithm.SHA384;
    }
}
