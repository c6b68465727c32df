package dev.signet.cli.verify;

import dev.signet.cli.CliException;
import dev.signet.cli.LocalFiles;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Loads trusted root certificates from PEM (or DER) files; refuses a file with no certificate. */
public final class TrustAnchors {
    private static final int MAX_BYTES = 1 << 20;

    private TrustAnchors() {}

    public static List<X509Certificate> load(List<Path> files) {
        List<X509Certificate> roots = new ArrayList<>();
        for (Path file : files) {
            roots.addAll(load(file));
        }
        return roots;
    }

    public static List<X509Certificate> load(Path file) {
        byte[] bytes = LocalFiles.readSmall(file, "trust anchor", MAX_BYTES);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw CliException.usage("no certificate in trust anchor " + file);
            }
            return certs;
        } catch (CertificateException e) {
            throw CliException.usage("trust anchor " + file + " is not a PEM or DER certificate");
        }
    }
}
