package dev.signet.core.ca;

import dev.signet.core.crypto.DirectoryKeyMaterialStore;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment's roots and issuing CAs. A root signs only issuing CAs (and, when renewed, the
 * cross certificate of the next root); the newest issuing CA signs code-signing certificates (EKU
 * codeSigning), one per signing profile version, and the time-stamping certificate.
 *
 * <p>CA keys are ECDSA P-384 held by a {@link KeyBackend} (any backend it routes to: the handles
 * name theirs); certificates are signed through {@link KeyBackendContentSigner}, so the CA never sees
 * a private key. Its {@link KeyMaterialStore} (a directory on a single node, the shared database in
 * a cluster) holds the certificates and {@code ca.properties} (the key handles), each entry written
 * atomically; {@code ca.properties} is written last and marks a complete CA, so a creation or a
 * renewal that stops half-way leaves the CA as it was ({@link CaLayout}).
 *
 * <p>Renewal ({@link #renewIssuing}, {@link #renewRoot}) adds a generation; every older one keeps
 * its certificates verifying ({@link #chainOf}, {@link #issued}) and signs its own CRL ({@link
 * #crl(int, List, Instant, Instant, BigInteger)}). {@link #reload} picks up a renewal another node
 * made. Refuses to open a store whose certificates do not match the keys named in it. Thread-safe.
 */
public final class CertificateAuthority {
    static final String KEYS_FILE = CaLayout.KEYS_FILE;
    static final String ROOT_FILE = CaLayout.rootFile(1);
    static final String ISSUING_FILE = CaLayout.issuingFile(1);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(365L * 30 + 7);
    private static final Duration ISSUING_VALIDITY = Duration.ofDays(365L * 20 + 5);
    private static final String CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";
    private static final String TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";
    private static final int SAN_URI = 6;

    private final KeyMaterialStore store;
    private final KeyBackend keys;
    private volatile CaLayout.State state;

    private CertificateAuthority(KeyMaterialStore store, KeyBackend keys, CaLayout.State state) {
        this.store = store;
        this.keys = keys;
        this.state = state;
    }

    /**
     * Opens the CA stored in {@code dir} (certificates as PEM, key handles of {@code keys}), or
     * creates a root and an issuing CA there on first use.
     *
     * <p>{@code organization} names the subjects of a new CA; an existing CA keeps the organization
     * it was created with.
     *
     * @throws CertificateAuthorityException when the directory cannot be written or read, names
     *     keys {@code keys} cannot use, or holds certificates that do not match their keys
     */
    public static CertificateAuthority openOrCreate(Path dir, KeyBackend keys, String organization) {
        Objects.requireNonNull(dir, "dir");
        return openOrCreate(new DirectoryKeyMaterialStore(dir), keys, organization);
    }

    /**
     * As {@link #openOrCreate(Path, KeyBackend, String)}, the CA's entries kept in {@code store}.
     * {@code keys} generates the keys of a new CA (and of every renewal) and uses the keys of any
     * backend it routes to. Two processes creating or renewing a CA in one store at the same time
     * must be serialised by the caller (a cluster takes its database's bootstrap lock): each would
     * write a CA of its own.
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
            CaLayout.State state = handles.isPresent()
                    ? CaLayout.read(store, handles.get(), keys, organization)
                    : create(store, keys, organization);
            return new CertificateAuthority(store, keys, state);
        } catch (IOException e) {
            throw new CertificateAuthorityException(
                    "cannot open or create the CA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    private static CaLayout.State create(KeyMaterialStore store, KeyBackend keys, String organization)
            throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyHandle rootKey = keys.generate(KeyAlgorithm.ECDSA_P384);
        KeyHandle issuingKey = keys.generate(KeyAlgorithm.ECDSA_P384);
        CertificateTemplates templates = new CertificateTemplates(organization);
        X509Certificate root =
                templates.root(keys, rootKey, rootName(1), now.minus(Duration.ofHours(1)), now.plus(ROOT_VALIDITY));
        X509Certificate issuing = templates.issuing(
                keys,
                rootKey,
                root,
                keys.publicKey(issuingKey),
                issuingName(1),
                now.minus(Duration.ofMinutes(30)),
                now.plus(ISSUING_VALIDITY));
        CaLayout.writeCertificate(store, ROOT_FILE, root);
        CaLayout.writeCertificate(store, ISSUING_FILE, issuing);
        byte[] handles = CaLayout.commit(store, CaLayout.first(organization, rootKey, issuingKey));
        RootCa rootCa = RootCa.first(rootKey, root);
        return new CaLayout.State(
                organization,
                List.of(rootCa),
                List.of(new IssuingCa(1, 1, issuingKey, List.of(issuing, root))),
                handles);
    }

    private static String rootName(int generation) {
        return generation == 1 ? "Signet Root CA" : "Signet Root CA G" + generation;
    }

    private static String issuingName(int generation) {
        return generation == 1 ? "Signet Issuing CA" : "Signet Issuing CA G" + generation;
    }

    /**
     * Makes a new issuing CA (new key, certificate under the current root, valid for 20 years or
     * until the root expires, whichever is sooner) that issues every certificate from now on. Older
     * issuing CAs stay: their certificates keep verifying.
     *
     * @throws CertificateAuthorityException when the key cannot be made or the store not written;
     *     the CA is then as it was
     */
    public synchronized IssuingCa renewIssuing(Instant now) {
        CaLayout.State s = state;
        try {
            return commitIssuing(s, s.currentRoot(), CaLayout.parse(s.handles()), now, List.of());
        } catch (IOException e) {
            throw new CertificateAuthorityException(
                    "cannot renew the issuing CA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a new root (new key, self-signed, 30 years), its cross certificate (the new root's name
     * and key signed by the current root, valid until either root expires), its reverse cross
     * certificate (the current root's name and key signed by the new root, as long) and a new issuing
     * CA under it, in one commit. Chains of the new issuing CA run through the cross certificate to
     * the first root, so verifiers that trust only an older root accept them, as do those that trust
     * the new one; with the reverse cross certificate as an intermediate, verifiers that trust only
     * the new root accept the chains of certificates issued before ({@link #crossCertificates}).
     *
     * @throws CertificateAuthorityException when a key cannot be made or the store not written; the
     *     CA is then as it was
     */
    public synchronized RootCa renewRoot(Instant now) {
        CaLayout.State s = state;
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        int g = s.roots().size() + 1;
        RootCa old = s.currentRoot();
        CertificateTemplates templates = new CertificateTemplates(s.organization());
        try {
            KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P384);
            Instant from = at.minus(Duration.ofHours(1));
            X509Certificate root = templates.root(keys, key, rootName(g), from, at.plus(ROOT_VALIDITY));
            Instant crossEnd = earlier(
                    root.getNotAfter().toInstant(),
                    old.certificate().getNotAfter().toInstant());
            X509Certificate cross = templates.cross(keys, old.key(), old.certificate(), root, from, crossEnd);
            X509Certificate reverse = templates.cross(keys, key, root, old.certificate(), from, crossEnd);
            CaLayout.writeCertificate(store, CaLayout.rootFile(g), root);
            CaLayout.writeCertificate(store, CaLayout.crossFile(g), cross);
            CaLayout.writeCertificate(store, CaLayout.reverseCrossFile(g), reverse);
            RootCa renewed = new RootCa(g, key, root, Optional.of(cross), Optional.of(reverse));
            commitIssuing(s, renewed, CaLayout.withRoot(CaLayout.parse(s.handles()), g, key), at, List.of(renewed));
            return renewed;
        } catch (IOException e) {
            throw new CertificateAuthorityException(
                    "cannot renew the root in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new issuing CA under {@code root}, then the properties that name it (and {@code newRoots}). */
    private IssuingCa commitIssuing(
            CaLayout.State s, RootCa root, java.util.Properties props, Instant now, List<RootCa> newRoots)
            throws IOException {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        int g = s.issuing().size() + 1;
        KeyHandle key = keys.generate(KeyAlgorithm.ECDSA_P384);
        Instant notAfter = earlier(
                at.plus(ISSUING_VALIDITY), root.certificate().getNotAfter().toInstant());
        X509Certificate cert = new CertificateTemplates(s.organization())
                .issuing(
                        keys,
                        root.key(),
                        root.certificate(),
                        keys.publicKey(key),
                        issuingName(g),
                        at.minus(Duration.ofMinutes(30)),
                        notAfter);
        CaLayout.writeCertificate(store, CaLayout.issuingFile(g), cert);
        List<RootCa> roots = new ArrayList<>(s.roots());
        roots.addAll(newRoots);
        IssuingCa issuing = new IssuingCa(g, root.generation(), key, CaLayout.chain(cert, roots));
        byte[] handles = CaLayout.commit(store, CaLayout.withIssuing(props, g, root.generation(), key));
        List<IssuingCa> all = new ArrayList<>(s.issuing());
        all.add(issuing);
        state = new CaLayout.State(s.organization(), roots, all, handles);
        return issuing;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Reads the store again and takes up a renewal made elsewhere (another node of a cluster).
     *
     * @return whether the CA changed
     * @throws CertificateAuthorityException when the store cannot be read or the CA in it is damaged;
     *     this CA then stays as it was
     */
    public synchronized boolean reload() {
        CaLayout.State s = state;
        try {
            Optional<byte[]> handles = store.read(KEYS_FILE);
            if (handles.isEmpty() || java.util.Arrays.equals(handles.get(), s.handles())) {
                return false;
            }
            CaLayout.State read = CaLayout.read(store, handles.get(), keys, s.organization());
            if (read.issuing().size() < s.issuing().size()
                    || read.roots().size() < s.roots().size()) {
                throw new CertificateAuthorityException(
                        "the CA in " + store.describe() + " has fewer generations" + " than this node already uses");
            }
            state = read;
            return true;
        } catch (IOException e) {
            throw new CertificateAuthorityException(
                    "cannot read the CA in " + store.describe() + ": " + e.getMessage(), e);
        }
    }

    /** Changes with every renewal: the number of roots and issuing CAs. */
    public int revision() {
        CaLayout.State s = state;
        return s.roots().size() + s.issuing().size();
    }

    /**
     * The first root: every chain this CA hands out ends in it (through cross certificates when the
     * root was renewed), so a verifier that trusts it accepts every certificate the CA issued.
     */
    public X509Certificate root() {
        return state.roots().get(0).certificate();
    }

    /** Every root's self-signed certificate, oldest first: what verifiers are given to trust. */
    public List<X509Certificate> roots() {
        return state.roots().stream().map(RootCa::certificate).toList();
    }

    /**
     * Every cross certificate, by root generation: root G's cross certificate (signed by root G-1),
     * then its reverse cross certificate (root G-1 signed by root G) when it has one. What {@code GET
     * /v1/ca/cross.pem} serves: with them as untrusted intermediates a verifier trusting any one root
     * builds a path from every certificate of the CA.
     */
    public List<X509Certificate> crossCertificates() {
        List<X509Certificate> out = new ArrayList<>();
        for (RootCa r : state.roots()) {
            r.cross().ifPresent(out::add);
            r.reverseCross().ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /** Every root generation, oldest first. */
    public List<RootCa> rootCas() {
        return state.roots();
    }

    /** Every issuing CA generation, oldest first; the last issues new certificates. */
    public List<IssuingCa> issuingCas() {
        return state.issuing();
    }

    /** The current issuing CA's certificate. */
    public X509Certificate issuing() {
        return state.currentIssuing().certificate();
    }

    /** The current issuing CA's certificate followed by the certificates up to the first root. */
    public List<X509Certificate> issuingChain() {
        return state.currentIssuing().chain();
    }

    /**
     * The current issuing CA's key with its chain, for documents the CA vouches for: the signed
     * revocation list and the trust bundle. The key has keyCertSign and cRLSign usage.
     */
    public dev.signet.core.crypto.SigningKey issuingKey() {
        IssuingCa current = state.currentIssuing();
        return new dev.signet.core.crypto.SigningKey(keys, current.key(), current.chain());
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
     * crlDistributionPoint} (when present; {@link #crlUrl} of it for an issuing CA after the first)
     * in a non-critical cRLDistributionPoints extension: where verifiers fetch the issuing CA's
     * {@link #crl}.
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
        CaLayout.State s = state;
        IssuingCa current = s.currentIssuing();
        requireWithin(current, to);
        return new CertificateTemplates(s.organization())
                .codeSigning(
                        keys,
                        current.key(),
                        current.certificate(),
                        subjectKey,
                        commonName,
                        profileVersionArn,
                        crlDistributionPoint.map(url -> crlUrl(url, current.generation())),
                        from,
                        to);
    }

    private static void requireWithin(IssuingCa ca, Instant to) {
        Instant end = ca.certificate().getNotAfter().toInstant();
        if (to.isAfter(end)) {
            throw new IllegalArgumentException("a certificate cannot outlive the issuing CA, which expires at " + end);
        }
    }

    /**
     * Where the CRL of issuing CA {@code generation} is: {@code url} itself for the first (the URL
     * every certificate named before renewal existed), else {@code url} with {@code generation=G}
     * added to its query.
     */
    public static URI crlUrl(URI url, int generation) {
        if (generation == 1) {
            return url;
        }
        String s = url.toString();
        return URI.create(s + (url.getRawQuery() == null ? "?" : "&") + "generation=" + generation);
    }

    /** Refuses anything but an absolute {@code http} URL with a host. */
    public static void requireHttpUrl(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("a CRL distribution point must be an http:// URL, not " + url);
        }
    }

    /**
     * The current issuing CA's certificate revocation list listing {@code revoked}, valid from {@code
     * thisUpdate} to {@code nextUpdate}, numbered {@code number}, signed with that issuing CA's key
     * (which has the cRLSign usage), DER-encoded. Layout: docs/formats.md, "Certificate revocation
     * list".
     *
     * @throws IllegalArgumentException when {@code nextUpdate} is not after {@code thisUpdate} or
     *     {@code number} is negative
     */
    public byte[] crl(List<RevokedCertificate> revoked, Instant thisUpdate, Instant nextUpdate, BigInteger number) {
        return crl(state.currentIssuing().generation(), revoked, thisUpdate, nextUpdate, number);
    }

    /**
     * As {@link #crl(List, Instant, Instant, BigInteger)}, signed by issuing CA {@code generation}
     * (its CRL lists what it issued).
     *
     * @throws IllegalArgumentException also when there is no such generation
     */
    public byte[] crl(
            int generation,
            List<RevokedCertificate> revoked,
            Instant thisUpdate,
            Instant nextUpdate,
            BigInteger number) {
        IssuingCa ca = issuingCa(generation);
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
        return CrlTemplate.sign(keys, ca.key(), ca.certificate(), List.copyOf(revoked), from, to, number);
    }

    /**
     * Issuing CA {@code generation}.
     *
     * @throws IllegalArgumentException when there is no such generation
     */
    public IssuingCa issuingCa(int generation) {
        List<IssuingCa> all = state.issuing();
        if (generation < 1 || generation > all.size()) {
            throw new IllegalArgumentException(
                    "there is no issuing CA generation " + generation + " (1 to " + all.size() + ")");
        }
        return all.get(generation - 1);
    }

    /** The issuing CA, of any generation, that issued {@code certificate}, if one did. */
    public Optional<IssuingCa> issuerOf(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        return state.issuing().stream().filter(ca -> ca.issued(certificate)).findFirst();
    }

    /** Whether an issuing CA of this CA, of any generation, issued {@code certificate}. */
    public boolean issued(X509Certificate certificate) {
        return issuerOf(certificate).isPresent();
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
        CaLayout.State s = state;
        IssuingCa current = s.currentIssuing();
        requireWithin(current, to);
        return new CertificateTemplates(s.organization())
                .timestamping(keys, current.key(), current.certificate(), subjectKey, commonName, from, to);
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
     * The chain a signature carries for {@code leaf}: the leaf, then the chain of the issuing CA that
     * issued it ({@link IssuingCa#chain()}: the issuing CA up to the first root).
     *
     * @throws IllegalArgumentException when no issuing CA of this CA issued {@code leaf}
     */
    public List<X509Certificate> chainOf(X509Certificate leaf) {
        IssuingCa ca = issuerOf(leaf)
                .orElseThrow(
                        () -> new IllegalArgumentException("the certificate was not issued by this CA's issuing CA"));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(ca.chain());
        return List.copyOf(chain);
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
