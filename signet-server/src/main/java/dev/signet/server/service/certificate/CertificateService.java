package dev.signet.server.service.certificate;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.ca.Pem;
import dev.signet.core.crypto.CertificateSignatures;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.server.service.Caller;
import dev.signet.server.service.CertificatePem;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Imports customer signing material (what AWS keeps in ACM for IoT signing profiles): a PEM
 * certificate, its PKCS#8 private key and optionally the rest of its chain. The key goes into the
 * key backend, the chain into the {@link CertificateRepository}. Refuses, as ValidationException and
 * without echoing key material: unparsable PEM, a key that does not match the certificate, key
 * types other than EC P-256/P-384 and RSA 2048/3072, a certificate not valid now, a chain that
 * does not link (each certificate issued and signed by the next) up to a self-signed root, and a
 * certificate that names a signing profile version (a URI subject alternative name {@code
 * arn:PARTITION:signer:...:/signing-profiles/...}, as Signet writes into its own certificates).
 *
 * <p>An import trusts the chain's root for the imported certificate alone, and only for the profile
 * versions that sign with it (see {@code TrustMaterial}): it never makes the root trusted for any
 * other certificate.
 */
public final class CertificateService {
    /** A Signer signing profile (version) ARN, as Signet names one in the certificates it issues. */
    private static final Pattern SIGNING_PROFILE = Pattern.compile("arn:[^:]*:signer:[^:]*:[^:]*:/signing-profiles/");

    private final CertificateRepository repository;
    private final KeyBackend keys;
    private final Map<String, KeyBackend> backends;
    private final String partition;
    private final String region;
    private final Clock clock;

    /** Imports keys into {@code keys} only. */
    public CertificateService(
            CertificateRepository repository, KeyBackend keys, String partition, String region, Clock clock) {
        this(repository, keys, Map.of(keys.name(), keys), partition, region, clock);
    }

    /**
     * @param keys where an imported key goes unless the import names a backend
     * @param backends the backends an import may name, by name, each importing its keys there
     */
    public CertificateService(
            CertificateRepository repository,
            KeyBackend keys,
            Map<String, KeyBackend> backends,
            String partition,
            String region,
            Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.backends = Map.copyOf(backends);
        this.partition = partition;
        this.region = region;
        this.clock = clock;
    }

    /** Imports into the default backend (software). */
    public ImportedCertificate importCertificate(
            Caller caller, String certificatePem, String privateKeyPem, Optional<String> chainPem) {
        return importCertificate(caller, certificatePem, privateKeyPem, chainPem, Optional.empty());
    }

    /**
     * Imports a key and its certificate chain, the key into {@code keyBackend} (a configured backend
     * that imports: {@code software} sealed under the master key, {@code pkcs11} created on the token
     * private, sensitive and non-extractable), by default the software backend.
     */
    public ImportedCertificate importCertificate(
            Caller caller,
            String certificatePem,
            String privateKeyPem,
            Optional<String> chainPem,
            Optional<String> keyBackend) {
        KeyBackend target = keyBackend.map(this::backend).orElse(keys);
        List<X509Certificate> chain = new ArrayList<>(certificates("certificate", certificatePem));
        if (chain.size() != 1) {
            throw ServiceException.validation(
                    "certificate must hold exactly one PEM certificate; put the issuers in" + " certificateChain");
        }
        if (chainPem.isPresent()) {
            chain.addAll(certificates("certificateChain", chainPem.get()));
        }
        checkChain(chain);
        X509Certificate leaf = chain.get(0);
        Optional<String> claimed = CertificateAuthority.profileVersionArn(leaf)
                .filter(arn -> SIGNING_PROFILE.matcher(arn).lookingAt());
        if (claimed.isPresent()) {
            throw ServiceException.validation("the certificate names the signing profile version "
                    + Validation.printable(claimed.get())
                    + " (URI subject alternative name); an imported certificate signs only for the profiles"
                    + " that use it and must not claim one");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (now.isBefore(leaf.getNotBefore().toInstant())
                || now.isAfter(leaf.getNotAfter().toInstant())) {
            throw ServiceException.validation("the certificate is not valid now (valid "
                    + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + ")");
        }
        PrivateKey key = privateKey(privateKeyPem);
        KeyHandle handle;
        try {
            handle = target.importKey(key, leaf.getPublicKey());
        } catch (KeyBackendException e) {
            throw ServiceException.validation("the private key cannot be imported: " + e.getMessage());
        }
        String id = UUID.randomUUID().toString();
        ImportedCertificate imported = new ImportedCertificate(
                caller.accountId(),
                id,
                "arn:" + partition + ":acm:" + region + ":" + caller.accountId() + ":certificate/" + id,
                handle,
                CertificatePem.encode(chain),
                leaf.getSubjectX500Principal().getName(),
                leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(),
                now);
        repository.insert(imported);
        return imported;
    }

    private KeyBackend backend(String name) {
        KeyBackend backend = backends.get(name);
        if (backend == null) {
            throw ServiceException.validation("keyBackend " + Validation.printable(name)
                    + " is not configured on this server; configured: " + new TreeSet<>(backends.keySet()));
        }
        return backend;
    }

    /** The caller's imported certificate named by {@code certificateArn}; ValidationException if none. */
    public ImportedCertificate require(String ownerAccount, String certificateArn) {
        return repository
                .find(ownerAccount, certificateArn)
                .orElseThrow(() -> ServiceException.validation("signingMaterial.certificateArn does not name a"
                        + " certificate imported into this account (import one with POST /v1/certificates)"));
    }

    private static List<X509Certificate> certificates(String member, String pem) {
        try {
            return Pem.decodeCertificates(pem);
        } catch (CertificateException e) {
            throw ServiceException.validation(member + " is not PEM certificate text: " + e.getMessage());
        }
    }

    private static void checkChain(List<X509Certificate> chain) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            X509Certificate issuer = i == chain.size() - 1 ? c : chain.get(i + 1);
            boolean linked = c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
            try {
                CertificateSignatures.verify(c, issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                linked = false;
            }
            if (!linked) {
                throw ServiceException.validation(
                        i == chain.size() - 1
                                ? "the chain must end in a self-signed root certificate; add the issuers in certificateChain"
                                : "certificate " + i + " of the chain is not issued and signed by certificate "
                                        + (i + 1));
            }
        }
    }

    private static PrivateKey privateKey(String pem) {
        byte[] pkcs8;
        try {
            pkcs8 = Pem.decode("PRIVATE KEY", pem);
        } catch (CertificateException e) {
            throw ServiceException.validation("privateKey must be an unencrypted PKCS#8 PEM block (BEGIN PRIVATE KEY);"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY.pem");
        }
        try {
            for (String type : new String[] {"EC", "RSA"}) {
                try {
                    KeyFactory factory = CryptoProviders.keyFactory(type);
                    return factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException e) {
                    // try the next key type
                }
            }
            throw ServiceException.validation("privateKey is not an EC or RSA PKCS#8 private key");
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
