package dev.signet.core.ca;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * How the CA's generations are kept in its {@link KeyMaterialStore} (docs/formats.md, "CA key
 * material"). The first generation is the layout every Signet version wrote: {@code root.pem},
 * {@code issuing.pem} and {@code ca.properties} with {@code root.*} and {@code issuing.*} handles.
 * A renewal adds certificate entries under names no complete CA refers to yet ({@code root-G.pem},
 * {@code root-G-cross.pem}, {@code root-G-cross-reverse.pem}, {@code issuing-G.pem}), then rewrites {@code ca.properties} with the
 * counts {@code roots}/{@code issuings} and the new handles ({@code root.G.*}, {@code issuing.G.*},
 * {@code issuing.G.root}). That one atomic write commits the renewal: a crash before it leaves
 * entries nothing names, and the CA opens as it was.
 */
final class CaLayout {
    static final String KEYS_FILE = "ca.properties";

    private CaLayout() {}

    /** What {@code ca.properties} and the certificates say, checked against each other and the keys. */
    record State(String organization, List<RootCa> roots, List<IssuingCa> issuing, byte[] handles) {
        State {
            roots = List.copyOf(roots);
            issuing = List.copyOf(issuing);
            handles = handles.clone();
        }

        RootCa currentRoot() {
            return roots.get(roots.size() - 1);
        }

        IssuingCa currentIssuing() {
            return issuing.get(issuing.size() - 1);
        }
    }

    static String rootFile(int generation) {
        return generation == 1 ? "root.pem" : "root-" + generation + ".pem";
    }

    static String crossFile(int generation) {
        return "root-" + generation + "-cross.pem";
    }

    static String reverseCrossFile(int generation) {
        return "root-" + generation + "-cross-reverse.pem";
    }

    static String issuingFile(int generation) {
        return generation == 1 ? "issuing.pem" : "issuing-" + generation + ".pem";
    }

    private static String prefix(String kind, int generation) {
        return generation == 1 ? kind : kind + "." + generation;
    }

    /** The properties of a CA of one root and one issuing CA: the first start's. */
    static Properties first(String organization, KeyHandle rootKey, KeyHandle issuingKey) {
        Properties props = new Properties();
        putHandle(props, prefix("root", 1), rootKey);
        putHandle(props, prefix("issuing", 1), issuingKey);
        props.setProperty("organization", organization);
        return props;
    }

    /** {@code props} (a copy) with root {@code generation} added. */
    static Properties withRoot(Properties props, int generation, KeyHandle key) {
        Properties out = copy(props);
        putHandle(out, prefix("root", generation), key);
        out.setProperty("roots", Integer.toString(generation));
        return out;
    }

    /** {@code props} (a copy) with issuing CA {@code generation}, signed by root {@code rootGeneration}, added. */
    static Properties withIssuing(Properties props, int generation, int rootGeneration, KeyHandle key) {
        Properties out = copy(props);
        putHandle(out, prefix("issuing", generation), key);
        out.setProperty(prefix("issuing", generation) + ".root", Integer.toString(rootGeneration));
        out.setProperty("issuings", Integer.toString(generation));
        return out;
    }

    static void writeCertificate(KeyMaterialStore store, String name, X509Certificate certificate) throws IOException {
        store.write(name, Pem.encode(certificate).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code ca.properties}: the commit of a creation or renewal. */
    static byte[] commit(KeyMaterialStore store, Properties props) throws IOException {
        StringWriter text = new StringWriter();
        props.store(text, "Signet CA key handles; the keys themselves are in the key backends");
        byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        store.write(KEYS_FILE, bytes);
        return bytes;
    }

    static Properties parse(byte[] handles) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(new String(handles, StandardCharsets.ISO_8859_1)));
        return props;
    }

    /**
     * Reads every generation named in {@code handles} and checks it: each root self-signed, each
     * cross certificate carrying its root's name and key under the previous root, each issuing CA
     * under its root, and the keys still in use (the current root's, every issuing CA's, which sign
     * CRLs) matching their certificates.
     *
     * @throws CertificateAuthorityException naming what is missing, damaged or in a backend that
     *     cannot use it
     */
    static State read(KeyMaterialStore store, byte[] handles, KeyBackend keys, String organization) throws IOException {
        Properties props = parse(handles);
        String where = store.describe();
        try {
            int rootCount = count(props, "roots");
            int issuingCount = count(props, "issuings");
            List<RootCa> roots = new ArrayList<>();
            for (int g = 1; g <= rootCount; g++) {
                // the keys still in use (the current root's, every issuing CA's, which sign CRLs) are
                // checked before the signatures: a mismatch is the likelier damage and the clearer message
                X509Certificate cert = single(store, rootFile(g));
                KeyHandle key = handle(props, prefix("root", g));
                if (g == rootCount) {
                    requireKey(keys, key, cert, where);
                }
                roots.add(root(store, key, cert, g, roots));
            }
            List<IssuingCa> issuing = new ArrayList<>();
            for (int g = 1; g <= issuingCount; g++) {
                issuing.add(issuing(store, props, g, roots, keys));
            }
            return new State(props.getProperty("organization", organization), roots, issuing, handles);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CertificateAuthorityException("the CA in " + where + " is damaged: " + e.getMessage(), e);
        }
    }

    private static RootCa root(KeyMaterialStore store, KeyHandle key, X509Certificate cert, int g, List<RootCa> older)
            throws IOException, GeneralSecurityException {
        cert.verify(cert.getPublicKey());
        if (g == 1) {
            return RootCa.first(key, cert);
        }
        X509Certificate cross = single(store, crossFile(g));
        X509Certificate previous = older.get(g - 2).certificate();
        if (!cross.getPublicKey().equals(cert.getPublicKey())
                || !cross.getSubjectX500Principal().equals(cert.getSubjectX500Principal())
                || !cross.getIssuerX500Principal().equals(previous.getSubjectX500Principal())) {
            throw new CertificateException(crossFile(g) + " does not certify root " + g + " under root " + (g - 1));
        }
        cross.verify(previous.getPublicKey());
        Optional<X509Certificate> reverse = optional(store, reverseCrossFile(g));
        if (reverse.isPresent()) {
            X509Certificate r = reverse.get();
            if (!r.getPublicKey().equals(previous.getPublicKey())
                    || !r.getSubjectX500Principal().equals(previous.getSubjectX500Principal())
                    || !r.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
                throw new CertificateException(
                        reverseCrossFile(g) + " does not certify root " + (g - 1) + " under root " + g);
            }
            r.verify(cert.getPublicKey());
        }
        return new RootCa(g, key, cert, Optional.of(cross), reverse);
    }

    private static IssuingCa issuing(
            KeyMaterialStore store, Properties props, int g, List<RootCa> roots, KeyBackend keys)
            throws IOException, GeneralSecurityException {
        String prefix = prefix("issuing", g);
        KeyHandle key = handle(props, prefix);
        int rootGeneration = g == 1 ? 1 : Integer.parseInt(required(props, prefix + ".root"));
        if (rootGeneration < 1 || rootGeneration > roots.size()) {
            throw new IllegalArgumentException(
                    "issuing CA " + g + " names root " + rootGeneration + ", which does not exist");
        }
        X509Certificate cert = single(store, issuingFile(g));
        requireKey(keys, key, cert, store.describe());
        X509Certificate root = roots.get(rootGeneration - 1).certificate();
        if (!cert.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            throw new CertificateException(issuingFile(g) + " is not issued by root " + rootGeneration);
        }
        cert.verify(root.getPublicKey());
        return new IssuingCa(g, rootGeneration, key, chain(cert, roots.subList(0, rootGeneration)));
    }

    /** {@code issuing}, the cross certificates of {@code roots} newest first, the first root. */
    static List<X509Certificate> chain(X509Certificate issuing, List<RootCa> roots) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issuing);
        for (int i = roots.size() - 1; i >= 1; i--) {
            chain.add(roots.get(i).cross().orElseThrow());
        }
        chain.add(roots.get(0).certificate());
        return chain;
    }

    private static void requireKey(KeyBackend keys, KeyHandle key, X509Certificate cert, String where) {
        try {
            if (!keys.publicKey(key).equals(cert.getPublicKey())) {
                throw new CertificateAuthorityException("the CA certificates in " + where + " do not match their keys");
            }
        } catch (KeyBackendException e) {
            throw new CertificateAuthorityException(
                    "the CA in " + where + " keeps the key of "
                            + cert.getSubjectX500Principal().getName()
                            + " in the " + key.backend() + " key backend, which cannot use it here (is it"
                            + " configured?): " + e.getMessage(),
                    e);
        }
    }

    private static int count(Properties props, String name) {
        String value = props.getProperty(name, "1");
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException(name + " must be 1 to 1000, not " + n);
        }
        return n;
    }

    private static void putHandle(Properties props, String prefix, KeyHandle key) {
        props.setProperty(prefix + ".backend", key.backend());
        props.setProperty(prefix + ".keyId", key.keyId());
        props.setProperty(prefix + ".algorithm", key.algorithm().name());
    }

    private static KeyHandle handle(Properties props, String prefix) {
        return new KeyHandle(
                required(props, prefix + ".backend"),
                required(props, prefix + ".keyId"),
                KeyAlgorithm.valueOf(required(props, prefix + ".algorithm")));
    }

    private static String required(Properties props, String name) {
        String value = props.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static Properties copy(Properties props) {
        Properties out = new Properties();
        out.putAll(props);
        return out;
    }

    /** The one certificate in {@code name}, or empty when there is no such entry. */
    private static Optional<X509Certificate> optional(KeyMaterialStore store, String name)
            throws IOException, CertificateException {
        return store.read(name).isPresent() ? Optional.of(single(store, name)) : Optional.empty();
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
}
